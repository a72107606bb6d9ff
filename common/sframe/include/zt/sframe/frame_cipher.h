// The AEAD of a cipher suite with its key set once: AES-GCM (suites 4, 5) or
// the AES-CTR + HMAC construction of RFC 9605 §4.5.1 (suites 1-3). AAD is
// passed as two parts, header and metadata, so callers never concatenate.
// seal/open write into caller spans and do not allocate in steady state.
#pragma once

#include <optional>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/aead.h"
#include "zt/crypto/aes_ctr.h"
#include "zt/crypto/hmac.h"
#include "zt/sframe/cipher_suite.h"
#include "zt/sframe/error.h"

namespace zt::sframe {

class FrameCipher {
 public:
  // kInvalidKey unless key is Nk bytes; kUnsupportedSuite for unknown suites.
  static Expected<FrameCipher, SFrameError> create(CipherSuite suite, BytesView key);

  size_t tag_size() const { return params_.nt; }

  // Writes ciphertext || tag (pt.size() + tag_size() bytes) to `out`.
  Expected<size_t, SFrameError> seal(BytesView nonce, BytesView header, BytesView metadata,
                                     BytesView plaintext, MutableBytesView out);
  // Verifies and decrypts ciphertext || tag into `out`; returns the length.
  Expected<size_t, SFrameError> open(BytesView nonce, BytesView header, BytesView metadata,
                                     BytesView ciphertext, MutableBytesView out);

 private:
  explicit FrameCipher(const SuiteParams& params) : params_(params) {}

  // header || metadata as one span (a view of `header` when metadata is empty).
  BytesView joined_aad(BytesView header, BytesView metadata);
  Expected<size_t, SFrameError> ctr_tag(BytesView nonce, BytesView header, BytesView metadata,
                                        BytesView ciphertext, MutableBytesView tag);

  SuiteParams params_;
  std::optional<crypto::AeadContext> gcm_;
  std::optional<crypto::AesCtrContext> ctr_;
  std::optional<crypto::HmacContext> hmac_;
  Bytes aad_scratch_;
};

}  // namespace zt::sframe
