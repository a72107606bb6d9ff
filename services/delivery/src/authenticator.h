// Who is calling: the device behind the Control Hub bearer token in the
// "authorization" metadata, verified with common/auth's TokenVerifier
// against Control Hub's JWKS. Only device principals use the Delivery
// Service; a device acts only for itself.
#pragma once

#include <grpcpp/server_context.h>

#include <string>

#include "zt/auth/revocation_list.h"
#include "zt/auth/token_verifier.h"

namespace zt::delivery {

struct Caller {
  std::string org_id;
  std::string device_id;
  std::string user_id;
};

class Authenticator {
 public:
  // `revoked` (may be null): principals Control Hub has deleted or
  // disabled; their tokens are refused even before they expire.
  explicit Authenticator(auth::TokenVerifier& verifier,
                         const auth::RevocationList* revoked = nullptr)
      : verifier_(verifier), revoked_(revoked) {}

  // Throws DeliveryError: kUnauthenticated (no, malformed, refused or
  // revoked token), kPermissionDenied (a token that is not a device's).
  Caller authenticate(const grpc::ServerContextBase& ctx);
  Caller authenticate_bearer(std::string_view authorization_value);

 private:
  auth::TokenVerifier& verifier_;
  const auth::RevocationList* revoked_;
};

}  // namespace zt::delivery
