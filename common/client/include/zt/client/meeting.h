// A meeting as one device sees it: an MLS group (common/mls) whose handshake
// and application messages go through the Delivery Service. The state lives
// in the device's profile (meeting.sealed), so separate invocations continue
// the same meeting; every operation that changes it saves it before
// returning (never half written).
//
//   create   a one-member group (with the DS's external_senders entry, so
//            the DS can propose joins and leaves), registered with the DS,
//            which gives the meeting number
//   add      a member claims the joiner's KeyPackage from the DS and commits
//            an Add; the Welcome goes with the commit bundle
//   join     by meeting number: wait for the Welcome the DS routes to this
//            device (claim-based), ask the DS to propose the join
//            (--batched: RequestJoin, a member commits it), or join by
//            external commit from the group's GroupInfo (--external)
//   sync     everything the DS holds for the group after this device's log
//            position, in order: commits (the epoch moves), proposals, and
//            application messages (decrypted, stored); then pending
//            proposals are committed
//   roster   from the device's own MLS tree, each leaf's credential verified
//            against the org's trust anchors
//   security the 30-digit security code of the current epoch (see
//            zt/mls/security_code.h: 6 groups of 5 digits, each the
//            big-endian integer of 5 bytes of the epoch authenticator mod
//            100000), equal on every member's device iff they share the epoch
//   send     chat, files, whiteboard strokes, annotations, remote-control
//            events as MLS application messages (zt/client/envelope.h)
//   leave    the DS proposes this device's removal (RequestLeave); a
//            remaining member commits it on its next sync
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "zt/client/device.h"
#include "zt/client/envelope.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/mls/group.h"

namespace zt::client {

struct MemberView {
  uint32_t leaf = 0;
  std::string identity;  // zt://<org>/devices/<device> (or the basic identity)
  mls::VerificationStatus status = mls::VerificationStatus::kUnverified;
  std::optional<crypto::CertificateDetails> certificate;
  bool self = false;
};

struct SecurityView {
  bool e2ee = false;
  uint64_t epoch = 0;
  std::string code;  // "01234 56789 ..."
  size_t members = 0;
};

struct SyncResult {
  uint64_t processed = 0;  // log entries read
  uint64_t commits = 0;
  uint64_t proposals = 0;
  uint64_t messages = 0;   // application messages decrypted and stored
  uint64_t rejected = 0;   // entries that did not verify or decode
  std::vector<std::string> rejections;  // why, one line each
  bool committed_pending = false;       // this device committed proposals
  bool removed = false;                 // a commit removed this device
  uint64_t epoch = 0;
  uint64_t last_sequence = 0;
};

struct AddResult {
  uint64_t sequence = 0;
  uint64_t epoch = 0;
  Bytes welcome;  // MLSMessage(Welcome), as sent with the commit
};

enum class JoinMode : uint8_t { kWelcome, kBatched, kExternal };

struct JoinParams {
  uint64_t meeting_number = 0;
  JoinMode mode = JoinMode::kWelcome;
  std::chrono::milliseconds wait{std::chrono::seconds(20)};  // for the Welcome
  std::optional<Bytes> welcome;  // a Welcome handed over out of band
};

class Meeting {
 public:
  static Meeting create(Device& device, dsv1::MeetingType type, bool personal_room);
  static Meeting join(Device& device, const JoinParams& params);
  // The profile's current meeting; ClientError(kUsage) if there is none.
  static Meeting current(Device& device);

  uint64_t meeting_number() const { return state_.meeting_number; }
  const Bytes& group_id() const { return state_.group_id; }
  bool e2ee() const { return state_.type == dsv1::MEETING_TYPE_E2EE; }
  uint64_t epoch() const { return group().epoch(); }

  AddResult add(const std::string& device_id);
  AddResult remove(const std::string& device_id);
  SyncResult sync();
  std::vector<MemberView> roster() const;
  SecurityView security() const;
  uint64_t send(Envelope envelope);  // the message's sequence in the group log
  const std::vector<StoredMessage>& messages() const { return state_.messages; }
  // The DS's answer for an optional feature (FAILED_PRECONDITION names the reason).
  bool request_feature(dsv1::Feature feature);
  void leave();

 private:
  Meeting(Device& device, MeetingState state, std::optional<mls::Group> group);
  const mls::Group& group() const;
  mls::Group& group();
  mls::GroupOptions options() const;
  void save();
  void restore_saved();
  void process(const dsv1::GroupMessage& message, SyncResult& result);
  uint64_t read_log(uint64_t until, SyncResult& result);
  AddResult commit_and_send(const std::vector<mls::Proposal>& proposals);
  std::string identity_of(uint32_t leaf) const;

  Device* device_;
  MeetingState state_;
  std::optional<mls::Group> group_;
};

// "network-recording" -> FEATURE_NETWORK_RECORDING ...; nullopt if unknown.
std::optional<dsv1::Feature> feature_of(std::string_view name);

}  // namespace zt::client
