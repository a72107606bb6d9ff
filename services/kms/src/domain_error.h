// DomainError: what the KMS's storage and logic throw when the caller asked
// for something that cannot be done. It names the failure, never a gRPC
// code: grpc_status.h maps it once. Messages never contain key material.
#pragma once

#include <stdexcept>
#include <string>

namespace zt::kms {

enum class ErrorCode {
  kInvalidArgument,     // malformed input (names `field`)
  kUnauthenticated,     // no valid bearer token
  kPermissionDenied,    // the caller may not (or the thing does not exist: not revealed)
  kFailedPrecondition,  // refused in the current state (a bound or expired key)
  kUnavailable,         // the master key needed is not loaded
  kResourceExhausted,   // a bounded table is full (sealed sessions)
};

class DomainError : public std::runtime_error {
 public:
  DomainError(ErrorCode code, std::string message, std::string field = "")
      : std::runtime_error(std::move(message)), code_(code), field_(std::move(field)) {}

  ErrorCode code() const { return code_; }
  const std::string& field() const { return field_; }

  static DomainError invalid_argument(std::string message, std::string field = "") {
    return {ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
  }
  static DomainError unauthenticated(std::string message) {
    return {ErrorCode::kUnauthenticated, std::move(message)};
  }
  static DomainError permission_denied(std::string message) {
    return {ErrorCode::kPermissionDenied, std::move(message)};
  }
  static DomainError failed_precondition(std::string message) {
    return {ErrorCode::kFailedPrecondition, std::move(message)};
  }

 private:
  ErrorCode code_;
  std::string field_;
};

}  // namespace zt::kms
