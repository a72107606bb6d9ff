#include "meeting_policy.h"

#include <cctype>

#include "delivery_error.h"
#include "group_roster.h"

namespace zt::delivery {
namespace {

using controlhub::v1::DeviceKind;

}  // namespace

std::string device_kind_name(DeviceKind kind) {
  // DEVICE_KIND_WEB_BROWSER -> web_browser: Control Hub's names (device_kind.h).
  std::string name = controlhub::v1::DeviceKind_Name(kind);
  constexpr std::string_view kPrefix = "DEVICE_KIND_";
  if (name.rfind(kPrefix, 0) == 0) name.erase(0, kPrefix.size());
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name.empty() ? "unspecified" : name;
}

const FeatureRule* feature_rule(int feature) {
  for (const auto& rule : kFeatureRules) {
    if (rule.feature == feature) return &rule;
  }
  return nullptr;
}

void MeetingPolicy::refuse(const std::string& reason, const std::string& message) {
  if (metrics_) metrics_->refused(reason);
  throw DeliveryError::failed_precondition(message);
}

const FeatureRule& MeetingPolicy::requested_feature(int feature) {
  const FeatureRule* rule = feature_rule(feature);
  if (rule == nullptr) {
    throw DeliveryError::invalid_argument(
        "feature must be one of the Feature values (FEATURE_NETWORK_RECORDING ...)");
  }
  return *rule;
}

void MeetingPolicy::check_feature(const GroupRecord& group, const FeatureRule& rule) {
  if (group.type != MeetingType::kE2ee || rule.needs.empty()) return;
  refuse("feature_" + std::string(rule.name),
         std::string(rule.name) + " is not available in an e2ee meeting: it needs " +
             std::string(rule.needs) + ", which a zero-trust meeting never allows");
}

void MeetingPolicy::check_device(MeetingType type, const std::string& device_id) {
  if (type != MeetingType::kE2ee || devices_ == nullptr) return;
  std::optional<DeviceInfo> d = devices_->device(device_id);
  if (!d) {
    refuse("device_unknown", "device " + device_id +
                                 " is not registered in Control Hub and cannot join an e2ee meeting");
  }
  if (d->kind == controlhub::v1::DEVICE_KIND_LEGACY_SX_DX_MX ||
      d->kind == controlhub::v1::DEVICE_KIND_WEB_BROWSER) {
    std::string kind = device_kind_name(d->kind);
    refuse("device_kind_" + kind, "device " + device_id + " is a " + kind +
                                      " device: " + kind + " devices cannot join e2ee meetings");
  }
  if (!d->e2ee_capable) {
    refuse("app_not_e2ee_capable",
           "device " + device_id + " runs an app that is not E2EE-capable and cannot join an e2ee meeting");
  }
}

void MeetingPolicy::check_join(const GroupRecord& group, const std::string& device_id) {
  check_device(group.type, device_id);
}

void MeetingPolicy::check_size(const GroupRecord& group, std::size_t members) {
  if (group.type != MeetingType::kE2ee || members <= options_.max_participants) return;
  refuse("participant_limit", "an e2ee meeting has at most " +
                                  std::to_string(options_.max_participants) +
                                  " participants; this would make " + std::to_string(members));
}

void MeetingPolicy::check_commit(const GroupRecord& group,
                                 const std::vector<std::string>& devices_added,
                                 const mls::MlsMessage& new_group_info) {
  if (group.type != MeetingType::kE2ee) return;
  check_size(group, member_count(new_group_info));
  for (const auto& device : devices_added) check_device(group.type, device);
}

void MeetingPolicy::check_create(const Caller& caller, MeetingType type, GroupKind kind) {
  // Only an e2ee call and a standard personal room depend on the org's settings.
  const bool e2ee_call = kind == GroupKind::kCall && type == MeetingType::kE2ee;
  const bool standard_room = kind == GroupKind::kPersonalRoom && type != MeetingType::kE2ee;
  if (orgs_ != nullptr && (e2ee_call || standard_room)) {
    std::optional<OrgPolicy> org = orgs_->policy(caller.org_id);
    if (!org) throw DeliveryError::unavailable("the org's policy cannot be read from Control Hub: retry");
    if (e2ee_call && !org->calling_e2ee_enabled) {
      refuse("org_calling_e2ee_off",
             "an e2ee call needs the org's Calling E2EE setting, which is off (calling_e2ee_enabled)");
    }
    if (standard_room && org->personal_room_e2ee) {
      refuse("org_personal_room_e2ee",
             "the org makes personal rooms e2ee meetings (personal_room_e2ee): create it as "
             "MEETING_TYPE_E2EE");
    }
  }
  check_device(type, caller.device_id);
}

}  // namespace zt::delivery
