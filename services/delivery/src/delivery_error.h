// DeliveryError: what the Delivery Service's logic and storage throw when a
// request cannot be done. It names the failure in the domain's terms, never
// a gRPC code; grpc_status.h maps it once. Messages are for the caller and
// never carry a token, a message's contents or an internal what().
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace zt::delivery {

enum class ErrorCode {
  kInvalidArgument,     // malformed input (nothing stored)
  kUnauthenticated,     // no bearer token, or it does not verify
  kPermissionDenied,    // the device may not do this
  kNotFound,            // no such group, meeting or key package
  kAlreadyExists,       // the group id is taken
  kEpochMismatch,       // a commit for an epoch that is not the current one
  kFailedPrecondition,  // refused by meeting policy (names the feature)
  kUnimplemented,       // an RPC of the API this version does not serve yet
  kUnavailable,         // a service the answer depends on (Control Hub) cannot be reached
};

class DeliveryError : public std::runtime_error {
 public:
  DeliveryError(ErrorCode code, const std::string& message)
      : std::runtime_error(message), code_(code) {}

  ErrorCode code() const { return code_; }
  // Set for kEpochMismatch: the group's current epoch, for the committer to rebase.
  std::optional<uint64_t> current_epoch() const { return current_epoch_; }

  static DeliveryError invalid_argument(const std::string& m) {
    return {ErrorCode::kInvalidArgument, m};
  }
  static DeliveryError unauthenticated(const std::string& m) {
    return {ErrorCode::kUnauthenticated, m};
  }
  static DeliveryError permission_denied(const std::string& m) {
    return {ErrorCode::kPermissionDenied, m};
  }
  static DeliveryError not_found(const std::string& m) { return {ErrorCode::kNotFound, m}; }
  static DeliveryError already_exists(const std::string& m) {
    return {ErrorCode::kAlreadyExists, m};
  }
  static DeliveryError unimplemented(const std::string& m) {
    return {ErrorCode::kUnimplemented, m};
  }
  static DeliveryError failed_precondition(const std::string& m) {
    return {ErrorCode::kFailedPrecondition, m};
  }
  static DeliveryError unavailable(const std::string& m) { return {ErrorCode::kUnavailable, m}; }
  // `what`: "commit" or "proposal", as the caller sent it.
  static DeliveryError epoch_mismatch(uint64_t sent, uint64_t current,
                                      const std::string& what = "commit") {
    DeliveryError e(ErrorCode::kEpochMismatch,
                    what + " is for epoch " + std::to_string(sent) + " but the group is at epoch " +
                        std::to_string(current) + ": process the winning commit and rebase");
    e.current_epoch_ = current;
    return e;
  }

 private:
  ErrorCode code_;
  std::optional<uint64_t> current_epoch_;
};

}  // namespace zt::delivery
