// Why a token was refused. Messages name the failure, never the token.
#pragma once

#include <string>

namespace zt::auth {

enum class AuthErrorCode {
  kMalformed,      // not three base64url parts, bad JSON, missing claim
  kUnsupported,    // alg other than EdDSA, or a JWK that is not Ed25519
  kUnknownKey,     // no key with the token's kid
  kBadSignature,   // the signature does not verify
  kExpired,        // exp is in the past (beyond the allowed skew)
  kNotYetValid,    // nbf/iat is in the future (beyond the allowed skew)
};

struct AuthError {
  AuthErrorCode code = AuthErrorCode::kMalformed;
  std::string message;
};

const char* to_string(AuthErrorCode code);

}  // namespace zt::auth
