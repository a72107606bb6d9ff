// HMAC (RFC 2104): a one-shot function and a keyed reusable context for the
// media path (SFrame AES-CTR-HMAC suites, STUN MESSAGE-INTEGRITY).
#pragma once

#include <memory>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/error.h"
#include "zt/crypto/hash.h"

namespace zt::crypto {

// One-shot HMAC; throws CryptoError.
Bytes hmac(HashAlgorithm alg, BytesView key, BytesView data);

// Keyed once (key schedule and digest fetched once); compute()/verify() per
// message. OpenSSL 3.0 duplicates the keyed digest states on each restart
// (two small mallocs per message inside libcrypto; pinned by a test).
// Not thread-safe: one context per thread.
class HmacContext {
 public:
  // Throws CryptoError.
  HmacContext(HashAlgorithm alg, BytesView key);
  ~HmacContext();
  HmacContext(HmacContext&&) noexcept;
  HmacContext& operator=(HmacContext&&) noexcept;

  HashAlgorithm algorithm() const { return alg_; }
  size_t tag_size() const { return digest_size(alg_); }

  // Writes the full tag (tag_size() bytes) to `out`; returns its length.
  Expected<size_t, CryptoError> compute(BytesView data, MutableBytesView out);
  // Same, over the concatenation of `parts` (e.g. header || ciphertext).
  Expected<size_t, CryptoError> compute(std::initializer_list<BytesView> parts,
                                        MutableBytesView out);
  // Constant-time check of a (possibly truncated, non-empty) tag.
  Expected<void, CryptoError> verify(std::initializer_list<BytesView> parts, BytesView tag);

 private:
  struct State;
  HashAlgorithm alg_;
  std::unique_ptr<State> state_;
};

}  // namespace zt::crypto
