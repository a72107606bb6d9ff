// AEAD: AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305 (12-byte nonce, 16-byte tag).
// A simple API returning Bytes, and AeadContext for the media path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/error.h"

namespace zt::crypto {

enum class AeadAlgorithm : uint8_t { kAes128Gcm, kAes256Gcm, kChaCha20Poly1305 };

size_t aead_key_size(AeadAlgorithm alg);    // 16 or 32
size_t aead_nonce_size(AeadAlgorithm alg);  // 12
size_t aead_tag_size(AeadAlgorithm alg);    // 16

// Returns ciphertext || tag. Throws CryptoError on a bad key or nonce length.
Bytes aead_seal(AeadAlgorithm alg, BytesView key, BytesView nonce, BytesView aad,
                BytesView plaintext);
// Returns the plaintext, or kAuthenticationFailed / kInvalidInput.
Expected<Bytes, CryptoError> aead_open(AeadAlgorithm alg, BytesView key, BytesView nonce,
                                       BytesView aad, BytesView ciphertext);

// Key schedule computed once; seal()/open() per packet write into caller
// buffers without heap allocation and never throw. `out` may alias the input
// exactly (in place) or be disjoint from it. Not thread-safe.
class AeadContext {
 public:
  // Throws CryptoError (kInvalidKey) on a bad key length.
  AeadContext(AeadAlgorithm alg, BytesView key);
  ~AeadContext();
  AeadContext(AeadContext&&) noexcept;
  AeadContext& operator=(AeadContext&&) noexcept;

  AeadAlgorithm algorithm() const { return alg_; }
  size_t tag_size() const { return aead_tag_size(alg_); }

  // out.size() >= plaintext.size() + tag_size(); returns bytes written.
  Expected<size_t, CryptoError> seal(BytesView nonce, BytesView aad, BytesView plaintext,
                                     MutableBytesView out);
  // out.size() >= ciphertext.size() - tag_size(); returns the plaintext length.
  // On failure `out` is wiped.
  Expected<size_t, CryptoError> open(BytesView nonce, BytesView aad, BytesView ciphertext,
                                     MutableBytesView out);

 private:
  struct State;
  AeadAlgorithm alg_;
  std::unique_ptr<State> state_;
};

}  // namespace zt::crypto
