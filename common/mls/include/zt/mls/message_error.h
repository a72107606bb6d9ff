// MessageError: why a protected MLS message (or a secret-tree key request)
// was refused. Returned inside zt::Expected by the unprotect functions and
// the secret tree (input from the wire is not exceptional); the group layer
// may throw it. Messages are static strings: never a key or a plaintext.
#pragma once

#include <cstdint>
#include <exception>
#include <string_view>

namespace zt::mls {

enum class MessageErrorCode : uint8_t {
  kWrongGroup,               // group_id differs from the group's
  kWrongEpoch,               // epoch differs from the current epoch
  kMalformed,                // does not decode, or fields inconsistent with each other
  kInvalidSender,            // sender type not allowed here, or leaf index out of range
  kUnknownSigner,            // no signature key for the sender
  kBadSignature,             // FramedContent signature does not verify
  kBadMembershipTag,         // PublicMessage membership_tag does not verify
  kMissingMembershipTag,     // a member's PublicMessage without a tag (or a tag where none belongs)
  kSenderDataDecryptFailed,  // the sender data AEAD did not open
  kContentDecryptFailed,     // the content AEAD did not open
  kGenerationTooOld,         // older than the retained out-of-order window
  kGenerationTooFarAhead,    // beyond the maximum forward distance
  kKeyAlreadyUsed,           // the generation's key was used and deleted (replay)
  kApplicationAsPublic,      // application data may only be sent as PrivateMessage
};

std::string_view to_string(MessageErrorCode code);

class MessageError : public std::exception {
 public:
  MessageError() = default;
  explicit MessageError(MessageErrorCode code) : code_(code) {}

  MessageErrorCode code() const { return code_; }
  const char* what() const noexcept override { return to_string(code_).data(); }
  bool operator==(const MessageError& other) const { return code_ == other.code_; }

 private:
  MessageErrorCode code_ = MessageErrorCode::kMalformed;
};

}  // namespace zt::mls
