#include "zt/auth/jwks_cache.h"

namespace zt::auth {

JwksFetcher static_jwks(const JwkSet& keys) {
  return [json = keys.to_json()] { return std::optional<std::string>(json); };
}

JwksCache::JwksCache(JwksFetcher fetcher, const Clock& clock, JwksCacheOptions options)
    : fetcher_(std::move(fetcher)), clock_(clock), options_(options) {}

JwkSet JwksCache::keys(bool force) {
  std::lock_guard lock(mutex_);
  auto now = clock_.steady_now();
  bool stale = !fetched_at_ || now - *fetched_at_ >= options_.max_cache_age;
  bool may_refetch = !fetched_at_ || now - *fetched_at_ >= options_.min_refetch_interval;
  if (stale || (force && may_refetch)) {
    if (auto json = fetcher_()) {
      if (auto parsed = JwkSet::parse(*json)) {
        keys_ = std::move(*parsed);
        fetched_at_ = now;
      }
    }
  }
  return keys_;
}

void JwksCache::invalidate() {
  std::lock_guard lock(mutex_);
  fetched_at_.reset();
}

Expected<VerifiedJws, AuthError> JwksCache::verify(std::string_view token) {
  auto verified = verify_jws(token, keys(false));
  if (!verified && verified.error().code == AuthErrorCode::kUnknownKey) {
    verified = verify_jws(token, keys(true));  // a rotated-in key
  }
  return verified;
}

}  // namespace zt::auth
