// Control-plane failures of the router, mapped to gRPC status codes once,
// at the service boundary.
#pragma once

#include <stdexcept>
#include <string>

namespace zt::sfu {

class RouterError : public std::runtime_error {
 public:
  enum class Code { kNotFound, kPermissionDenied, kInvalidArgument, kAlreadyExists };
  RouterError(Code code, const std::string& message) : std::runtime_error(message), code_(code) {}
  Code code() const { return code_; }

 private:
  Code code_;
};

}  // namespace zt::sfu
