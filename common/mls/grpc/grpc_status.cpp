#include "zt/mls/grpc_status.h"

#include <string>

namespace zt::mls {

grpc::StatusCode grpc_code(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kEpoch:
      return grpc::StatusCode::ABORTED;
    case ErrorCategory::kState:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case ErrorCategory::kProtocol:
    case ErrorCategory::kWrongGroup:
    case ErrorCategory::kMessage:
    case ErrorCategory::kJoin:
    case ErrorCategory::kTree:
    case ErrorCategory::kLeafNode:
    case ErrorCategory::kKeyPackage:
    case ErrorCategory::kCredential:
      return grpc::StatusCode::FAILED_PRECONDITION;
  }
  return grpc::StatusCode::FAILED_PRECONDITION;
}

grpc::Status to_grpc_status(const Error& error, std::string_view context) {
  return grpc::Status(grpc_code(error.category()), std::string(context) + ": " + error.what());
}

}  // namespace zt::mls
