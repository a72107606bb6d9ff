// Verifies Control Hub bearer tokens for any zt service: a cached JWK Set
// that is refetched when a token names an unknown kid (key rotation) or the
// cache is old, and a clock-skew allowance on exp / iat.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "zt/auth/claims.h"
#include "zt/auth/jwk.h"
#include "zt/base/clock.h"
#include "zt/base/expected.h"

namespace zt::auth {

// Returns the current JWKS JSON (e.g. GET /v1/.well-known/jwks.json, or a
// direct call in-process); nullopt when the source is unreachable.
using JwksFetcher = std::function<std::optional<std::string>()>;

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
  void refresh();

 private:
  JwkSet current_keys(bool force_refresh);

  JwksFetcher fetcher_;
  const Clock& clock_;
  TokenVerifierOptions options_;
  std::mutex mutex_;
  JwkSet keys_;
  std::optional<std::chrono::steady_clock::time_point> fetched_at_;
};

}  // namespace zt::auth
