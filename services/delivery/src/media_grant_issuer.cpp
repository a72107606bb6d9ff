#include "media_grant_issuer.h"

#include "delivery_error.h"
#include "group_roster.h"
#include "zt/auth/base64url.h"

namespace zt::delivery {

std::string meeting_id_of(BytesView group_id) { return auth::base64url_encode(group_id); }

void MediaGrantIssuer::refused(const char* reason) {
  if (metrics_) metrics_->grants_refused.Add({{"reason", reason}}).Increment();
}

IssuedGrant MediaGrantIssuer::issue(const Caller& caller, BytesView group_id) {
  GroupRecord group;
  try {
    group = groups_.member_view(caller, group_id);
  } catch (const DeliveryError& e) {
    refused(e.code() == ErrorCode::kPermissionDenied ? "not_member" : "no_group");
    throw;
  }
  std::optional<uint32_t> leaf;
  if (!group.group_info.empty()) leaf = leaf_of_device(group.group_info, caller.device_id, clock_);
  if (!leaf) {
    refused("no_leaf");
    throw DeliveryError::permission_denied(
        "this device holds no leaf in the group's current epoch " + std::to_string(group.epoch));
  }
  auto now = std::chrono::time_point_cast<std::chrono::seconds>(clock_.now());
  auth::MediaGrantClaims claims{meeting_id_of(group_id), caller.device_id, *leaf,
                                now + keys_.options().grant_ttl};
  SignedGrant signed_grant = keys_.sign(auth::media_grant_to_json(claims));
  if (metrics_) metrics_->grants_issued.Add({}).Increment();
  return {std::move(signed_grant.token), std::move(claims)};
}

}  // namespace zt::delivery
