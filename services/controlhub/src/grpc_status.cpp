#include "grpc_status.h"

namespace zt::controlhub {

grpc::Status to_status(const DomainError& e) {
  auto make = [&](grpc::StatusCode code) { return grpc::Status(code, e.what()); };
  switch (e.code()) {
    case ErrorCode::kInvalidArgument:
      return make(grpc::StatusCode::INVALID_ARGUMENT);
    case ErrorCode::kUnauthenticated:
      return make(grpc::StatusCode::UNAUTHENTICATED);
    case ErrorCode::kPermissionDenied:
      return make(grpc::StatusCode::PERMISSION_DENIED);
    case ErrorCode::kNotFound:
      return make(grpc::StatusCode::NOT_FOUND);
    case ErrorCode::kAlreadyExists:
      return make(grpc::StatusCode::ALREADY_EXISTS);
    case ErrorCode::kStale:
      return make(grpc::StatusCode::ABORTED);
    case ErrorCode::kConflict:
      return make(grpc::StatusCode::FAILED_PRECONDITION);
    case ErrorCode::kResourceExhausted:
      return make(grpc::StatusCode::RESOURCE_EXHAUSTED);
  }
  return {grpc::StatusCode::INTERNAL, "internal error"};
}

}  // namespace zt::controlhub
