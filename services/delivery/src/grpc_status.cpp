#include "grpc_status.h"

namespace zt::delivery {

grpc::Status to_status(const DeliveryError& e, grpc::ServerContextBase* ctx) {
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
    case ErrorCode::kFailedPrecondition:
      return make(grpc::StatusCode::FAILED_PRECONDITION);
    case ErrorCode::kUnimplemented:
      return make(grpc::StatusCode::UNIMPLEMENTED);
    case ErrorCode::kUnavailable:
      return make(grpc::StatusCode::UNAVAILABLE);
    case ErrorCode::kEpochMismatch:
      if (ctx != nullptr && e.current_epoch()) {
        ctx->AddTrailingMetadata(kCurrentEpochTrailer, std::to_string(*e.current_epoch()));
      }
      return make(grpc::StatusCode::ABORTED);
  }
  return {grpc::StatusCode::INTERNAL, "internal error"};
}

}  // namespace zt::delivery
