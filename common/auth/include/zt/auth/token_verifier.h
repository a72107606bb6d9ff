// Verifies Control Hub bearer tokens for any zt service: a cached JWK Set
// (JwksCache) that is refetched when a token names an unknown kid (key
// rotation) or the cache is old, and a clock-skew allowance on exp / iat.
#pragma once

#include <chrono>
#include <string_view>

#include "zt/auth/claims.h"
#include "zt/auth/jwks_cache.h"
#include "zt/base/clock.h"
#include "zt/base/expected.h"

namespace zt::auth {

struct TokenVerifierOptions {
  std::chrono::seconds clock_skew{60};
  std::chrono::seconds max_cache_age{300};
  std::chrono::seconds min_refetch_interval{5};  // bounds refetches on unknown kids
};

class TokenVerifier {
 public:
  TokenVerifier(JwksFetcher fetcher, const Clock& clock, TokenVerifierOptions options = {});

  Expected<Claims, AuthError> verify(std::string_view token);
  // Fetches the key set now (e.g. right after this process rotated a key).
  void refresh() { keys_.invalidate(); }

 private:
  const Clock& clock_;
  TokenVerifierOptions options_;
  JwksCache keys_;
};

}  // namespace zt::auth
