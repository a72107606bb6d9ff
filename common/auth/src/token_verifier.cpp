#include "zt/auth/token_verifier.h"

#include "zt/auth/jws.h"

namespace zt::auth {

TokenVerifier::TokenVerifier(JwksFetcher fetcher, const Clock& clock, TokenVerifierOptions options)
    : fetcher_(std::move(fetcher)), clock_(clock), options_(options) {}

JwkSet TokenVerifier::current_keys(bool force_refresh) {
  std::lock_guard lock(mutex_);
  auto now = clock_.steady_now();
  bool stale = !fetched_at_ || now - *fetched_at_ >= options_.max_cache_age;
  bool may_refetch = !fetched_at_ || now - *fetched_at_ >= options_.min_refetch_interval;
  if (stale || (force_refresh && may_refetch)) {
    if (auto json = fetcher_()) {
      if (auto parsed = JwkSet::parse(*json)) {
        keys_ = std::move(*parsed);
        fetched_at_ = now;
      }
    }
  }
  return keys_;
}

void TokenVerifier::refresh() {
  std::lock_guard lock(mutex_);
  fetched_at_.reset();
}

Expected<Claims, AuthError> TokenVerifier::verify(std::string_view token) {
  auto verified = verify_jws(token, current_keys(false));
  if (!verified && verified.error().code == AuthErrorCode::kUnknownKey) {
    verified = verify_jws(token, current_keys(true));  // a rotated-in key
  }
  if (!verified) return unexpected(verified.error());
  auto claims = parse_claims(verified->payload);
  if (!claims) return claims;
  auto now = clock_.now();
  if (claims->expires_at + options_.clock_skew <= now) {
    return unexpected(AuthError{AuthErrorCode::kExpired, "token expired"});
  }
  if (claims->issued_at - options_.clock_skew > now) {
    return unexpected(AuthError{AuthErrorCode::kNotYetValid, "token issued in the future"});
  }
  return claims;
}

}  // namespace zt::auth
