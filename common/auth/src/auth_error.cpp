#include "zt/auth/auth_error.h"

namespace zt::auth {

const char* to_string(AuthErrorCode code) {
  switch (code) {
    case AuthErrorCode::kMalformed: return "malformed";
    case AuthErrorCode::kUnsupported: return "unsupported";
    case AuthErrorCode::kUnknownKey: return "unknown_key";
    case AuthErrorCode::kBadSignature: return "bad_signature";
    case AuthErrorCode::kExpired: return "expired";
    case AuthErrorCode::kNotYetValid: return "not_yet_valid";
  }
  return "unknown";
}

}  // namespace zt::auth
