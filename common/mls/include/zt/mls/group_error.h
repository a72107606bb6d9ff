// Errors of the MLS group state machine (control plane: typed exceptions).
// A message that throws one of these left the group state unchanged.
// Messages name the rule that failed, never a key or a plaintext.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "zt/mls/error.h"
#include "zt/mls/message_error.h"
#include "zt/mls/tls_error.h"

namespace zt::mls {

class GroupError : public Error {
 public:
  explicit GroupError(const std::string& what, ErrorCategory category = ErrorCategory::kProtocol)
      : Error(category, what) {}
};

// The message breaks a rule of RFC 9420 (sections 12.2-12.4, 7.3, 10.1 ...).
class ProtocolError : public GroupError {
 public:
  explicit ProtocolError(const std::string& what) : GroupError(what, ErrorCategory::kProtocol) {}
};

// The message is for another epoch than the current one (or a retained one).
class EpochMismatch : public GroupError {
 public:
  explicit EpochMismatch(const std::string& what) : GroupError(what, ErrorCategory::kEpoch) {}
};

// An application message of a past epoch whose keys this member no longer
// holds (older than retained_epochs, or dropped by the memory cap).
class EpochNotRetained : public EpochMismatch {
 public:
  EpochNotRetained(uint64_t epoch, uint64_t current)
      : EpochMismatch("application message of epoch " + std::to_string(epoch) +
                      ": its keys are no longer retained (current epoch " +
                      std::to_string(current) + ")"),
        epoch_(epoch) {}
  uint64_t epoch() const { return epoch_; }

 private:
  uint64_t epoch_;
};

// The message is for another group.
class WrongGroup : public GroupError {
 public:
  explicit WrongGroup(const std::string& what) : GroupError(what, ErrorCategory::kWrongGroup) {}
};

// Framing or decryption refused the message (signature, membership tag,
// generation outside the window, replayed key ...).
class MessageRejected : public GroupError {
 public:
  explicit MessageRejected(MessageErrorCode code)
      : GroupError(std::string("message rejected: ") + std::string(to_string(code)),
                   ErrorCategory::kMessage),
        code_(code) {}
  MessageErrorCode code() const { return code_; }

 private:
  MessageErrorCode code_;
};

// The ProtocolError for a part of a message (`what`) that does not decode:
// the decode error's kind, offset and field path (never the bytes).
inline ProtocolError malformed(const std::string& what, const DecodeError& e) {
  return ProtocolError(what + " does not decode: " + e.to_string());
}

// A Welcome that is not for us, or a PSK we do not hold.
class JoinError : public GroupError {
 public:
  explicit JoinError(const std::string& what) : GroupError(what, ErrorCategory::kJoin) {}
};

// A serialized client state that does not decrypt or decode.
class StateError : public GroupError {
 public:
  explicit StateError(const std::string& what) : GroupError(what, ErrorCategory::kState) {}
};

}  // namespace zt::mls
