// ApiError: the one exception REST handlers throw; the dispatcher turns it
// into {"code","message","field"} with its status. Messages are for the
// caller and never contain a secret or a token.
#pragma once

#include <stdexcept>
#include <string>

namespace zt::controlhub {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string message, std::string field = "")
      : std::runtime_error(message), status_(status), code_(std::move(code)), field_(std::move(field)) {}

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }

  static ApiError bad_request(std::string message, std::string field = "") {
    return ApiError(400, "invalid_argument", std::move(message), std::move(field));
  }
  static ApiError unauthenticated(std::string message) {
    return ApiError(401, "unauthenticated", std::move(message));
  }
  static ApiError forbidden(std::string message) { return ApiError(403, "permission_denied", std::move(message)); }
  static ApiError not_found(std::string what) { return ApiError(404, "not_found", std::move(what) + " not found"); }
  static ApiError conflict(std::string message, std::string field = "") {
    return ApiError(409, "conflict", std::move(message), std::move(field));
  }
  static ApiError stale(std::string message) { return ApiError(412, "precondition_failed", std::move(message)); }

 private:
  int status_;
  std::string code_;
  std::string field_;
};

}  // namespace zt::controlhub
