// What the Delivery Service keeps, in the domain's terms: the KeyPackage
// directory, groups (meetings and calls), their members and their ordered
// log. PgStore (pg_store.h) is the PostgreSQL implementation; every method
// is one transaction. Times are seconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zt/base/bytes.h"

namespace zt::delivery {

// ----------------------------------------------------------- KeyPackages

struct StoredKeyPackage {
  Bytes ref;          // KeyPackageRef
  Bytes key_package;  // TLS encoding as uploaded
  bool last_resort = false;
  int64_t not_before = 0;
  int64_t not_after = 0;
};

struct KeyPackageOwner {
  std::string org_id;
  std::string device_id;
  uint16_t cipher_suite = 0;
};

struct ClaimedKeyPackage {
  Bytes ref;
  Bytes key_package;
  bool last_resort = false;
};

struct KeyPackageCount {
  uint32_t available = 0;  // unexpired, not last-resort
  bool has_last_resort = false;
};

// ----------------------------------------------------------------- Groups

enum class MeetingType : int16_t { kE2ee = 1, kStandard = 2 };
enum class GroupKind : int16_t { kScheduledMeeting = 1, kPersonalRoom = 2, kCall = 3 };

struct GroupRecord {
  Bytes group_id;
  uint16_t cipher_suite = 0;
  MeetingType type = MeetingType::kE2ee;
  GroupKind kind = GroupKind::kScheduledMeeting;
  std::string org_id;
  std::string host_device_id;
  std::string host_user_id;
  std::optional<uint64_t> meeting_number;  // unset for calls
  uint64_t epoch = 0;
  uint64_t last_sequence = 0;
  Bytes group_info;  // MLSMessage(GroupInfo) of the current epoch; may be empty
};

enum class CreateOutcome { kCreated, kGroupExists, kNumberTaken };

// -------------------------------------------------------------------- Log

enum class MessageKind : int16_t { kCommit = 1, kProposal = 2, kApplication = 3 };

struct LogEntry {
  uint64_t sequence = 0;
  uint64_t epoch = 0;
  MessageKind kind = MessageKind::kApplication;
  std::string sender_device_id;
  Bytes message;
};

// A new member a stored Welcome is for.
struct WelcomeRecipient {
  std::string device_id;
  Bytes key_package_ref;
};

// A Welcome as its addressee reads it; `id` orders one device's Welcomes.
struct StoredWelcome {
  uint64_t id = 0;
  Bytes group_id;
  uint64_t sequence = 0;  // of the commit that added the device
  Bytes key_package_ref;
  Bytes welcome;
};

// A batched join or leave waiting for a commit.
enum class JoinKind : int16_t { kJoin = 1, kLeave = 2 };
struct JoinRequest {
  Bytes group_id;
  std::string device_id;
  JoinKind kind = JoinKind::kJoin;
  Bytes key_package;                      // join: TLS-encoded KeyPackage
  std::optional<uint64_t> proposed_epoch;  // of its latest proposal
  std::optional<uint64_t> proposal_sequence;
};

struct CommitRecord {
  Bytes group_id;
  uint64_t epoch = 0;  // the epoch the commit is for
  std::string sender_device_id;
  Bytes commit;                              // MLSMessage(PublicMessage)
  Bytes digest;                              // SHA-256 of `commit`: a resend is recognised by it
  Bytes welcome;                             // may be empty
  Bytes group_info;                          // of epoch + 1; may be empty
  std::vector<std::string> devices_added;    // members from the new epoch on
  std::vector<std::string> devices_removed;  // members no longer
  std::vector<WelcomeRecipient> welcome_to;  // whom `welcome` is for
};

struct StoredCommit {
  uint64_t sequence = 0;
  Bytes digest;
};

struct CommitOutcome {
  enum class Result { kAccepted, kDuplicate, kStale, kNoGroup } result = Result::kAccepted;
  uint64_t sequence = 0;       // accepted / duplicate: where the commit sits
  uint64_t current_epoch = 0;  // the group's epoch after the call
};

class Store {
 public:
  virtual ~Store() = default;

  // KeyPackages. Adds `packages` for `owner`; a last-resort package in the
  // batch replaces the owner's earlier one; expired ones are dropped.
  virtual void add_key_packages(const KeyPackageOwner& owner,
                                const std::vector<StoredKeyPackage>& packages, int64_t now) = 0;
  // Takes one unexpired package away (single use; concurrent claims never
  // get the same one); else the unexpired last-resort one, which stays.
  virtual std::optional<ClaimedKeyPackage> claim_key_package(const KeyPackageOwner& owner,
                                                             int64_t now) = 0;
  virtual KeyPackageCount count_key_packages(const KeyPackageOwner& owner, int64_t now) = 0;

  // Groups. The creator (host device) becomes the first member.
  virtual CreateOutcome create_group(const GroupRecord& group) = 0;
  virtual std::optional<GroupRecord> find_group(BytesView group_id) = 0;
  virtual std::optional<GroupRecord> find_meeting(uint64_t meeting_number) = 0;
  virtual bool is_member(BytesView group_id, const std::string& device_id) = 0;

  // Log. Appends one non-commit message; returns its sequence (nullopt:
  // no such group).
  virtual std::optional<uint64_t> append_message(BytesView group_id, uint64_t epoch,
                                                 MessageKind kind,
                                                 const std::string& sender_device_id,
                                                 BytesView message) = 0;
  // Accepts the commit only if the group is at commit.epoch (one winner per
  // epoch, decided by the row lock of the group); stores it, its Welcome
  // and the new GroupInfo atomically, and changes the members with it.
  virtual CommitOutcome append_commit(const CommitRecord& commit) = 0;
  // The commit that won `epoch`, if any (a resend is recognised by its digest).
  virtual std::optional<StoredCommit> find_commit(BytesView group_id, uint64_t epoch) = 0;
  // Entries with sequence > after, in order, at most `limit`.
  virtual std::vector<LogEntry> read_log(BytesView group_id, uint64_t after, uint32_t limit) = 0;

  // Joining. Appends a proposal only while the group is at `epoch`
  // (kAccepted with its sequence; kStale with the current epoch; kNoGroup).
  virtual CommitOutcome append_proposal(BytesView group_id, uint64_t epoch,
                                        const std::string& sender_device_id,
                                        BytesView proposal) = 0;
  // The proposals stored for `epoch` with sequence > after, in order.
  virtual std::vector<LogEntry> read_proposals(BytesView group_id, uint64_t epoch,
                                               uint64_t after) = 0;
  // Batched joins: a device's request replaces its earlier one in the group.
  virtual void put_join_request(const JoinRequest& request) = 0;
  virtual std::vector<JoinRequest> join_requests(BytesView group_id) = 0;
  // Claims the proposing of the request in `epoch` (false: it was proposed
  // in that epoch already, by this or another replica).
  virtual bool claim_proposal(BytesView group_id, const std::string& device_id,
                              uint64_t epoch) = 0;
  virtual void set_proposal_sequence(BytesView group_id, const std::string& device_id,
                                     uint64_t sequence) = 0;
  virtual void delete_join_request(BytesView group_id, const std::string& device_id) = 0;
  // How long ago (ms, the database's clock) the first proposal of `epoch`
  // was stored; nullopt when the epoch has none.
  virtual std::optional<int64_t> pending_for_ms(BytesView group_id, uint64_t epoch) = 0;
  // The Welcomes addressed to `device_id` with id > after, in order, at most `limit`.
  virtual std::vector<StoredWelcome> read_welcomes(const std::string& device_id, uint64_t after,
                                                   uint32_t limit) = 0;
};

}  // namespace zt::delivery
