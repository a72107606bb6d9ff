// Media grants: a compact JWS (EdDSA) the Delivery Service issues to a
// meeting member, naming the meeting, the device, its MLS leaf index and an
// expiry. The SFU trusts the keys in its config and nothing else.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "zt/auth/jwk.h"
#include "zt/auth/media_grant.h"
#include "zt/base/clock.h"
#include "zt/base/expected.h"

namespace zt::sfu {

// The claims format lives in common/auth (media_grant.h), shared with the
// Delivery Service that issues grants and the load generator.
using MediaGrant = auth::MediaGrantClaims;

class MediaGrantVerifier {
 public:
  MediaGrantVerifier(auth::JwkSet trusted, const Clock& clock) : trusted_(std::move(trusted)), clock_(clock) {}

  // The grant if its signature verifies with a trusted key, it has not
  // expired and it names `meeting`; otherwise a reason fit for the caller
  // (never the token itself).
  Expected<MediaGrant, std::string> verify(std::string_view token, std::string_view meeting) const;

 private:
  auth::JwkSet trusted_;
  const Clock& clock_;
};

}  // namespace zt::sfu
