// The meeting policy of zero-trust E2EE (issue 14 point 7). In an e2ee
// meeting (or call) the cloud never sees decrypted media or content, so:
// - at most max_participants members (the MLS group's leaves);
// - devices of kind legacy_sx_dx_mx or web_browser, and apps that are not
//   E2EE-capable, cannot join (create, be added by a commit, ask to join);
// - every feature that needs decrypted media or cloud storage is refused
//   (RequestFeature); local recording is allowed; standard meetings allow
//   everything.
// And the org's policy from Control Hub: an e2ee call needs the org's
// Calling E2EE setting on; with personal-room E2EE on, a personal room is
// an e2ee meeting. Refusals are DeliveryError(kFailedPrecondition) whose
// message names the feature, the device kind or the setting, counted by
// reason in PolicyMetrics.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "authenticator.h"
#include "device_directory.h"
#include "org_policy.h"
#include "policy_metrics.h"
#include "store.h"
#include "zt/delivery/v1/delivery.pb.h"
#include "zt/mls/mls_message.h"

namespace zt::delivery {

struct FeatureRule {
  v1::Feature feature;
  std::string_view name;  // also the metric reason "feature_<name>"
  // Empty: allowed in e2ee meetings; else why it is not (what it would need).
  std::string_view needs;
};

inline constexpr FeatureRule kFeatureRules[] = {
    {v1::FEATURE_NETWORK_RECORDING, "network_recording", "recording the decrypted media in the cloud"},
    {v1::FEATURE_LOCAL_RECORDING, "local_recording", ""},
    {v1::FEATURE_TRANSCODING, "transcoding", "decrypting the media in the cloud"},
    {v1::FEATURE_AI_ASSISTANT, "ai_assistant", "the decrypted media and content in the cloud"},
    {v1::FEATURE_CLOSED_CAPTIONS, "closed_captions", "decrypting the audio in the cloud"},
    {v1::FEATURE_TRANSCRIPTION, "transcription", "decrypting the audio in the cloud"},
    {v1::FEATURE_PSTN_DIAL_IN, "pstn_dial_in", "decrypted media for a telephone gateway"},
    {v1::FEATURE_PSTN_DIAL_OUT, "pstn_dial_out", "decrypted media for a telephone gateway"},
    {v1::FEATURE_SIP_DEVICE, "sip_device", "decrypted media for a SIP gateway"},
    {v1::FEATURE_CLOUD_CHAT_HISTORY, "cloud_chat_history", "keeping the chat in the cloud"},
    {v1::FEATURE_CLOUD_FILES, "cloud_files", "keeping shared files in the cloud"},
    {v1::FEATURE_CLOUD_WHITEBOARDS, "cloud_whiteboards", "keeping whiteboards in the cloud"},
    {v1::FEATURE_CLOUD_ANNOTATIONS, "cloud_annotations", "keeping annotations in the cloud"},
    {v1::FEATURE_CLOUD_SESSION_DATA, "cloud_session_data", "keeping session data in the cloud"},
    {v1::FEATURE_CLOUD_TRANSCRIPTS, "cloud_transcripts", "keeping transcripts in the cloud"},
    {v1::FEATURE_CLOUD_MEETING_NOTES, "cloud_meeting_notes", "keeping meeting notes in the cloud"},
};

// The rule of a requested feature; nullptr for FEATURE_UNSPECIFIED or an
// unknown number.
const FeatureRule* feature_rule(int feature);

struct MeetingPolicyOptions {
  uint32_t max_participants = 1000;
};

class MeetingPolicy {
 public:
  // `devices` and `orgs` may be null (no Control Hub service credentials):
  // device kinds and org settings are then not checked (main.cpp warns).
  MeetingPolicy(DeviceDirectory* devices, OrgPolicySource* orgs, MeetingPolicyOptions options,
                PolicyMetrics* metrics)
      : devices_(devices), orgs_(orgs), options_(options), metrics_(metrics) {}

  // The rule of a requested Feature number; kInvalidArgument for
  // FEATURE_UNSPECIFIED or a number that is not a Feature.
  static const FeatureRule& requested_feature(int feature);
  // RequestFeature: returns if the feature is allowed in `group`, else
  // throws kFailedPrecondition naming it and what it would need.
  void check_feature(const GroupRecord& group, const FeatureRule& feature);
  // `device_id` joining `group` (a commit adding it, an external commit, a
  // join request). Throws kFailedPrecondition naming the device kind or
  // the missing E2EE capability; kUnavailable if Control Hub cannot say.
  void check_join(const GroupRecord& group, const std::string& device_id);
  // The group would have `members` leaves.
  void check_size(const GroupRecord& group, std::size_t members);
  // A commit the public view accepted, before it is stored: the new
  // epoch's tree (new_group_info) within the cap, every added device
  // allowed to join.
  void check_commit(const GroupRecord& group, const std::vector<std::string>& devices_added,
                    const mls::MlsMessage& new_group_info);
  // The caller creating a meeting or call of `type`/`kind`: the org's
  // settings, and the host device joining it.
  void check_create(const Caller& caller, MeetingType type, GroupKind kind);

  uint32_t max_participants() const { return options_.max_participants; }

 private:
  void check_device(MeetingType type, const std::string& device_id);
  [[noreturn]] void refuse(const std::string& reason, const std::string& message);

  DeviceDirectory* devices_;
  OrgPolicySource* orgs_;
  MeetingPolicyOptions options_;
  PolicyMetrics* metrics_;
};

}  // namespace zt::delivery
