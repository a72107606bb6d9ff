#include "zt/auth/token_verifier.h"

namespace zt::auth {

TokenVerifier::TokenVerifier(JwksFetcher fetcher, const Clock& clock, TokenVerifierOptions options)
    : clock_(clock),
      options_(options),
      keys_(std::move(fetcher), clock,
            JwksCacheOptions{options.max_cache_age, options.min_refetch_interval}) {}

Expected<Claims, AuthError> TokenVerifier::verify(std::string_view token) {
  auto verified = keys_.verify(token);
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
