#include "zt/mls/message_error.h"

namespace zt::mls {

std::string_view to_string(MessageErrorCode code) {
  switch (code) {
    case MessageErrorCode::kWrongGroup:
      return "message for another group";
    case MessageErrorCode::kWrongEpoch:
      return "message for another epoch";
    case MessageErrorCode::kMalformed:
      return "malformed message";
    case MessageErrorCode::kInvalidSender:
      return "invalid sender";
    case MessageErrorCode::kUnknownSigner:
      return "no signature key for the sender";
    case MessageErrorCode::kBadSignature:
      return "signature does not verify";
    case MessageErrorCode::kBadMembershipTag:
      return "membership tag does not verify";
    case MessageErrorCode::kMissingMembershipTag:
      return "membership tag missing or unexpected";
    case MessageErrorCode::kSenderDataDecryptFailed:
      return "sender data does not decrypt";
    case MessageErrorCode::kContentDecryptFailed:
      return "content does not decrypt";
    case MessageErrorCode::kGenerationTooOld:
      return "generation older than the retained window";
    case MessageErrorCode::kGenerationTooFarAhead:
      return "generation too far ahead";
    case MessageErrorCode::kKeyAlreadyUsed:
      return "generation key already used";
    case MessageErrorCode::kApplicationAsPublic:
      return "application data in a PublicMessage";
  }
  return "message error";
}

}  // namespace zt::mls
