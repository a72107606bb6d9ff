// DomainError: what Control Hub's storage and logic throw when the caller
// asked for something that cannot be done. It names the failure, never an
// HTTP number or a gRPC code: the REST layer (rest_error.h) and the gRPC
// layer (grpc_status.h) each map it once. Messages are for the caller and
// never contain a secret or a token.
#pragma once

#include <stdexcept>
#include <string>

namespace zt::controlhub {

enum class ErrorCode {
  kInvalidArgument,   // the input is malformed (names `field`)
  kUnauthenticated,   // no principal behind the credential, or it is gone
  kPermissionDenied,  // the principal may not do this
  kNotFound,          // the resource does not exist
  kAlreadyExists,     // a unique name or number is taken
  kStale,             // the caller's version (If-Match) is not the current one
  kConflict,  // refused in the resource's current state (the last admin, a request in progress)
  kResourceExhausted,  // a per-principal limit is reached
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
  static DomainError not_found(const std::string& what) {
    return {ErrorCode::kNotFound, what + " not found"};
  }
  static DomainError already_exists(std::string message, std::string field = "") {
    return {ErrorCode::kAlreadyExists, std::move(message), std::move(field)};
  }
  static DomainError stale() {
    return {ErrorCode::kStale, "the resource changed since it was read; GET it again and retry"};
  }
  static DomainError conflict(std::string message) {
    return {ErrorCode::kConflict, std::move(message)};
  }
  static DomainError permission_denied(std::string message) {
    return {ErrorCode::kPermissionDenied, std::move(message)};
  }

 private:
  ErrorCode code_;
  std::string field_;
};

}  // namespace zt::controlhub
