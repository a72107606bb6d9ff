// Why SFrame refused a frame or an operation. Data-plane calls return these
// inside zt::Expected; they never carry key material.
#pragma once

namespace zt::sframe {

enum class SFrameError {
  kBufferTooSmall,        // caller's output span too short
  kTruncatedHeader,       // header shorter than its config byte announces
  kNonMinimalHeader,      // KID or CTR not in its shortest encoding
  kCiphertextTooShort,    // fewer bytes than the tag after the header
  kUnknownKid,            // no key for this KID (or a sender outside the group)
  kWrongKeyUsage,         // an encrypt-only key used to decrypt, or the reverse
  kAuthenticationFailed,  // tag did not verify: forged, corrupted or wrong key
  kReplay,                // CTR already seen or older than the replay window
  kCounterExhausted,      // CTR would repeat under this key
  kUnsupportedSuite,      // cipher suite not in 1..5
  kInvalidKey,            // base key of the wrong length
  kUnknownEpoch,          // KID names an epoch this receiver does not hold
  kExpiredEpoch,          // epoch past its grace period
  kNoCurrentEpoch,        // protect before any epoch was installed
  kInvalidArgument,       // context id or index out of the KID layout
  kCryptoFailure,         // the crypto library failed unexpectedly
};

// A stable lower-case name, usable as a metric label.
const char* to_string(SFrameError error);

}  // namespace zt::sframe
