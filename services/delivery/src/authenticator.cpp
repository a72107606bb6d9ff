#include "authenticator.h"

#include "delivery_error.h"
#include "zt/auth/bearer.h"

namespace zt::delivery {

Caller Authenticator::authenticate(const grpc::ServerContextBase& ctx) {
  auto it = ctx.client_metadata().find("authorization");
  if (it == ctx.client_metadata().end()) {
    throw DeliveryError::unauthenticated(
        "a Control Hub bearer token is required (metadata \"authorization\")");
  }
  return authenticate_bearer(std::string_view(it->second.data(), it->second.size()));
}

Caller Authenticator::authenticate_bearer(std::string_view value) {
  auto token = auth::bearer_token(value);
  if (!token) throw DeliveryError::unauthenticated("authorization must be \"Bearer <token>\"");
  auto claims = verifier_.verify(*token);
  if (!claims)
    throw DeliveryError::unauthenticated(std::string("token refused: ") +
                                         auth::to_string(claims.error().code));
  if (revoked_ != nullptr && revoked_->revoked(claims->subject)) {
    throw DeliveryError::unauthenticated(
        "token refused: its principal was deleted or disabled in Control Hub");
  }
  if (!claims->has_role(auth::kRoleDevice) || claims->device_id.empty()) {
    throw DeliveryError::permission_denied(
        "the Delivery Service serves devices: this token is not a device's");
  }
  return {claims->org_id, claims->device_id, claims->user_id};
}

}  // namespace zt::delivery
