#include "rest_error.h"

namespace zt::controlhub {

ApiError to_api_error(const DomainError& e) {
  auto make = [&](int status, const char* code) {
    return ApiError(status, code, e.what(), e.field());
  };
  switch (e.code()) {
    case ErrorCode::kInvalidArgument:
      return make(400, "invalid_argument");
    case ErrorCode::kUnauthenticated:
      return make(401, "unauthenticated");
    case ErrorCode::kPermissionDenied:
      return make(403, "permission_denied");
    case ErrorCode::kNotFound:
      return make(404, "not_found");
    case ErrorCode::kAlreadyExists:
      return make(409, "conflict");
    case ErrorCode::kConflict:
      return make(409, "conflict");
    case ErrorCode::kStale:
      return make(412, "precondition_failed");
    case ErrorCode::kResourceExhausted:
      return make(429, "resource_exhausted");
  }
  return ApiError(500, "internal", "internal error");
}

}  // namespace zt::controlhub
