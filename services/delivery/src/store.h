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
};

}  // namespace zt::delivery
