// CryptoError: the one error type of zt::crypto. Control-plane functions throw
// it; data-plane contexts (AeadContext, AesCtrContext, HmacContext) return it
// inside zt::Expected. Messages are static strings: never a key, never a
// plaintext, and building one never allocates.
#pragma once

#include <cstdint>
#include <exception>

namespace zt::crypto {

enum class CryptoErrorCode : uint8_t {
  kOpenSslFailure,        // an OpenSSL call failed unexpectedly
  kInvalidKey,            // wrong key length or a key OpenSSL rejects
  kInvalidNonce,          // wrong nonce / IV length
  kInvalidInput,          // malformed or out-of-range argument
  kBufferTooSmall,        // caller-provided output buffer is too short
  kAuthenticationFailed,  // AEAD tag or MAC did not verify
  kInvalidSignature,      // malformed signature encoding
  kMessageLimitReached,   // HPKE sequence number overflow
  kUnsupported,           // algorithm not available for this operation
};

class CryptoError : public std::exception {
 public:
  CryptoError() = default;
  CryptoError(CryptoErrorCode code, const char* message) : code_(code), message_(message) {}

  CryptoErrorCode code() const { return code_; }
  const char* what() const noexcept override { return message_; }

 private:
  CryptoErrorCode code_ = CryptoErrorCode::kOpenSslFailure;
  const char* message_ = "crypto error";
};

}  // namespace zt::crypto
