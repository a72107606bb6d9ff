// The claims of a media grant: the compact JWS (EdDSA) the Delivery Service
// issues to a meeting member and the SFU checks before a Join. Written once
// here for the issuer (the DS, test tools) and the verifier (the SFU):
//   {"mtg": meeting, "did": device, "leaf": MLS leaf index, "exp": NumericDate}
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "zt/auth/auth_error.h"
#include "zt/base/expected.h"

namespace zt::auth {

struct MediaGrantClaims {
  std::string meeting;
  std::string device;
  uint32_t leaf_index = 0;
  std::chrono::system_clock::time_point expires_at;
};

// The JSON payload to sign.
std::string media_grant_to_json(const MediaGrantClaims& grant);
// kMalformed unless every claim is there with its type and in range.
Expected<MediaGrantClaims, AuthError> parse_media_grant(std::string_view json);

}  // namespace zt::auth
