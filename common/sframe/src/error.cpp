#include "zt/sframe/error.h"

namespace zt::sframe {

const char* to_string(SFrameError error) {
  switch (error) {
    case SFrameError::kBufferTooSmall:
      return "buffer_too_small";
    case SFrameError::kTruncatedHeader:
      return "truncated_header";
    case SFrameError::kNonMinimalHeader:
      return "non_minimal_header";
    case SFrameError::kCiphertextTooShort:
      return "ciphertext_too_short";
    case SFrameError::kUnknownKid:
      return "unknown_kid";
    case SFrameError::kWrongKeyUsage:
      return "wrong_key_usage";
    case SFrameError::kAuthenticationFailed:
      return "authentication_failed";
    case SFrameError::kReplay:
      return "replay";
    case SFrameError::kCounterExhausted:
      return "counter_exhausted";
    case SFrameError::kUnsupportedSuite:
      return "unsupported_suite";
    case SFrameError::kInvalidKey:
      return "invalid_key";
    case SFrameError::kUnknownEpoch:
      return "unknown_epoch";
    case SFrameError::kExpiredEpoch:
      return "expired_epoch";
    case SFrameError::kNoCurrentEpoch:
      return "no_current_epoch";
    case SFrameError::kInvalidArgument:
      return "invalid_argument";
    case SFrameError::kCryptoFailure:
      return "crypto_failure";
  }
  return "unknown";
}

}  // namespace zt::sframe
