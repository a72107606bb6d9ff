// A cached JWK Set from a JwksFetcher: fetched when first needed and when it
// is older than max_cache_age (or no fetch has succeeded yet); verify()
// refetches once when a token names a kid the cache does not hold (a
// rotated-in key), at most once per min_refetch_interval so a stream of
// tokens with made-up kids cannot turn into a stream of fetches. Thread-safe. Control Hub's bearer tokens
// (TokenVerifier) and the Delivery Service's media grants (the SFU) both
// verify through one of these.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "zt/auth/jwk.h"
#include "zt/auth/jws.h"
#include "zt/base/clock.h"
#include "zt/base/expected.h"

namespace zt::auth {

// Returns the current JWKS JSON (e.g. GET /v1/.well-known/jwks.json, or a
// direct call in-process); nullopt when the source is unreachable.
using JwksFetcher = std::function<std::optional<std::string>()>;

// A fetcher that always answers `keys` (a key set from a file, or a test's).
JwksFetcher static_jwks(const JwkSet& keys);

struct JwksCacheOptions {
  std::chrono::seconds max_cache_age{300};
  std::chrono::seconds min_refetch_interval{5};  // bounds refetches on unknown kids
};

class JwksCache {
 public:
  JwksCache(JwksFetcher fetcher, const Clock& clock, JwksCacheOptions options = {});

  // verify_jws against the cached keys, refetching once on an unknown kid.
  Expected<VerifiedJws, AuthError> verify(std::string_view token);
  // The keys now (fetched if stale); `force`: also when fresh, within the
  // refetch rate limit.
  JwkSet keys(bool force = false);
  // The next keys() fetches whatever the age (e.g. right after a rotation here).
  void invalidate();

 private:
  JwksFetcher fetcher_;
  const Clock& clock_;
  JwksCacheOptions options_;
  std::mutex mutex_;
  JwkSet keys_;
  std::optional<std::chrono::steady_clock::time_point> fetched_at_;
};

}  // namespace zt::auth
