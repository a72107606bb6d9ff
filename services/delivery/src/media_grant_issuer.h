// Media grants (issue 14 point 8): RequestMediaGrant(group) gives a device
// whose leaf is in the group's current epoch a short-lived compact JWS
// (EdDSA, GrantKeyRing) with common/auth's media-grant claims: the meeting
// (the SFU's meeting id: base64url of the MLS group id), the device, its
// leaf index and the expiry. The SFU admits a Join only with one.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "authenticator.h"
#include "grant_keys.h"
#include "group_registry.h"
#include "policy_metrics.h"
#include "zt/auth/media_grant.h"
#include "zt/base/clock.h"

namespace zt::delivery {

struct IssuedGrant {
  std::string token;             // the compact JWS
  auth::MediaGrantClaims claims;  // what it says
};

// The SFU meeting id of a group: base64url (no padding) of its group id.
std::string meeting_id_of(BytesView group_id);

class MediaGrantIssuer {
 public:
  MediaGrantIssuer(GroupRegistry& groups, GrantKeyRing& keys, const Clock& clock,
                   PolicyMetrics* metrics)
      : groups_(groups), keys_(keys), clock_(clock), metrics_(metrics) {}

  // Throws DeliveryError: kNotFound (no such group), kPermissionDenied (the
  // device holds no leaf in the current epoch).
  IssuedGrant issue(const Caller& caller, BytesView group_id);
  // The JWK Set of the grant keys (GetGrantKeys, the HTTP JWKS).
  std::string jwks_json() { return keys_.jwks().to_json(); }

 private:
  void refused(const char* reason);

  GroupRegistry& groups_;
  GrantKeyRing& keys_;
  const Clock& clock_;
  PolicyMetrics* metrics_;
};

}  // namespace zt::delivery
