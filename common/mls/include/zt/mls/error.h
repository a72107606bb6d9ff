// The one exception family of the MLS library: every exception it throws
// for bad input or an impossible operation is a zt::mls::Error with a
// category, so one mapper (zt/mls/grpc_status.h) covers them all. Messages
// name the rule that failed, never a key or a plaintext.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zt::mls {

enum class ErrorCategory : uint8_t {
  kProtocol,    // ProtocolError: a message or operation breaks a rule of RFC 9420
  kEpoch,       // EpochMismatch: another epoch (a lost race, or keys no longer retained)
  kWrongGroup,  // WrongGroup
  kMessage,     // MessageRejected: framing or decryption refused the message
  kJoin,        // JoinError: a Welcome not for us, a PSK a joiner does not hold
  kState,       // StateError: a client state that does not open or decode
  kTree,        // TreeError / TreeKemError: a tree that is malformed or does not fit
  kLeafNode,    // LeafNodeError
  kKeyPackage,  // KeyPackageError
  kCredential,  // CredentialError
};

std::string_view to_string(ErrorCategory category);

class Error : public std::runtime_error {
 public:
  Error(ErrorCategory category, const std::string& what)
      : std::runtime_error(what), category_(category) {}
  ErrorCategory category() const noexcept { return category_; }

 private:
  ErrorCategory category_;
};

}  // namespace zt::mls
