#include "grpc_status.h"

namespace zt::kms {

grpc::Status to_status(const DomainError& e) {
  auto make = [&](grpc::StatusCode code) { return grpc::Status(code, e.what()); };
  switch (e.code()) {
    case ErrorCode::kInvalidArgument:
      return make(grpc::StatusCode::INVALID_ARGUMENT);
    case ErrorCode::kUnauthenticated:
      return make(grpc::StatusCode::UNAUTHENTICATED);
    case ErrorCode::kPermissionDenied:
      return make(grpc::StatusCode::PERMISSION_DENIED);
    case ErrorCode::kFailedPrecondition:
      return make(grpc::StatusCode::FAILED_PRECONDITION);
    case ErrorCode::kUnavailable:
      return make(grpc::StatusCode::UNAVAILABLE);
    case ErrorCode::kResourceExhausted:
      return make(grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  return {grpc::StatusCode::INTERNAL, "internal error"};
}

}  // namespace zt::kms
