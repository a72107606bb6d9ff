// Media grants: a compact JWS (EdDSA) the Delivery Service issues to a
// meeting member, naming the meeting, the device, its MLS leaf index and an
// expiry. The SFU trusts the keys in its config and nothing else.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "zt/auth/jwk.h"
#include "zt/base/clock.h"
#include "zt/base/expected.h"

namespace zt::sfu {

struct MediaGrant {
  std::string meeting;
  std::string device;
  uint32_t leaf_index = 0;
  std::chrono::system_clock::time_point expires_at;
};

// The JSON payload of a grant (what a test or the DS signs).
std::string media_grant_payload(const MediaGrant& grant);

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
