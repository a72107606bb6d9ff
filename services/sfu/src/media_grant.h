// Media grants: a compact JWS (EdDSA) the Delivery Service issues to a
// meeting member, naming the meeting, the device, its MLS leaf index and an
// expiry. The SFU trusts the keys its JwksFetcher gives (the DS's published
// grant JWKS, sfu.grant_jwks_url), cached and refetched when a grant names
// a kid it does not hold (the DS rotated), at most every few seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "zt/auth/jwks_cache.h"
#include "zt/auth/media_grant.h"
#include "zt/base/clock.h"
#include "zt/base/expected.h"

namespace zt::sfu {

// The claims format lives in common/auth (media_grant.h), shared with the
// Delivery Service that issues grants and the load generator.
using MediaGrant = auth::MediaGrantClaims;

class MediaGrantVerifier {
 public:
  MediaGrantVerifier(auth::JwksFetcher trusted, const Clock& clock, auth::JwksCacheOptions options = {})
      : trusted_(std::move(trusted), clock, options), clock_(clock) {}

  // The grant if its signature verifies with a trusted key, it has not
  // expired and it names `meeting`; otherwise a reason fit for the caller
  // (never the token itself).
  Expected<MediaGrant, std::string> verify(std::string_view token, std::string_view meeting) const;

 private:
  mutable auth::JwksCache trusted_;  // thread-safe
  const Clock& clock_;
};

}  // namespace zt::sfu
