// The one exception family of zt_client. A service's refusal keeps the
// service's own status and reason (what the CLI prints and maps to exit
// code 2); everything else (bad usage, a profile that does not open, a
// service answering garbage, an MLS message that does not verify) is
// another kind (exit code 1). Messages never carry a token, a key or a
// plaintext.
#pragma once

#include <stdexcept>
#include <string>

namespace zt::client {

enum class ErrorKind : uint8_t {
  kRefused,   // a service answered with an error status: service, status, reason
  kUsage,     // the caller asked for something that cannot be done
  kProfile,   // the profile directory is missing, unreadable, stale or of another format
  kProtocol,  // a service answered something that does not decode or verify
};

class ClientError : public std::runtime_error {
 public:
  ClientError(ErrorKind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}

  // "<service>: <STATUS>: <reason>", e.g. "delivery: PERMISSION_DENIED: ...".
  static ClientError refused(const std::string& service, const std::string& status,
                             const std::string& reason) {
    ClientError e(ErrorKind::kRefused, service + ": " + status + ": " + reason);
    e.service_ = service;
    e.status_ = status;
    e.reason_ = reason;
    return e;
  }
  static ClientError usage(const std::string& what) { return {ErrorKind::kUsage, what}; }
  static ClientError profile(const std::string& what) { return {ErrorKind::kProfile, what}; }
  static ClientError protocol(const std::string& what) { return {ErrorKind::kProtocol, what}; }

  ErrorKind kind() const { return kind_; }
  const std::string& service() const { return service_; }
  const std::string& status() const { return status_; }  // "UNAUTHENTICATED", "HTTP 401" ...
  const std::string& reason() const { return reason_; }

 private:
  ErrorKind kind_;
  std::string service_, status_, reason_;
};

}  // namespace zt::client
