// Everything SFrame keeps per KID: the keyed cipher (reused across frames),
// the salt, and either the next CTR (encrypt keys) or the replay window
// (decrypt keys). A key is usable for one direction only (RFC 9605 §4.4.1).
#pragma once

#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/sframe/cipher_suite.h"
#include "zt/sframe/error.h"
#include "zt/sframe/frame_cipher.h"
#include "zt/sframe/header.h"
#include "zt/sframe/replay_window.h"

namespace zt::sframe {

enum class KeyUsage { kEncrypt, kDecrypt };

class KeyContext {
 public:
  // Derives sframe_key/sframe_salt for `kid` from `base_key`.
  static Expected<KeyContext, SFrameError> create(CipherSuite suite, uint64_t kid,
                                                  BytesView base_key, KeyUsage usage);

  uint64_t kid() const { return kid_; }
  KeyUsage usage() const { return usage_; }
  uint64_t next_counter() const { return next_ctr_; }
  size_t tag_size() const { return cipher_.tag_size(); }

  // Moves the encrypt counter forward (e.g. after a restart); never backwards.
  Expected<void, SFrameError> advance_counter_to(uint64_t ctr);

  // header || AEAD(pt) into `out` with the next CTR; returns the frame size.
  Expected<size_t, SFrameError> protect(BytesView plaintext, BytesView metadata,
                                        MutableBytesView out);

  // `frame` is the whole SFrame ciphertext whose header is `header`.
  Expected<size_t, SFrameError> unprotect(const DecodedHeader& header, BytesView frame,
                                          BytesView metadata, MutableBytesView out);

 private:
  KeyContext(uint64_t kid, KeyUsage usage, FrameCipher cipher, crypto::SecretBytes salt)
      : kid_(kid), usage_(usage), cipher_(std::move(cipher)), salt_(std::move(salt)) {}

  uint64_t kid_;
  KeyUsage usage_;
  FrameCipher cipher_;
  crypto::SecretBytes salt_;
  uint64_t next_ctr_ = 0;
  bool exhausted_ = false;
  ReplayWindow replay_;
};

// Bytes a protected frame takes: header + plaintext + tag.
inline size_t protected_size(const Header& header, size_t plaintext_size, size_t tag_size) {
  return encoded_size(header) + plaintext_size + tag_size;
}

}  // namespace zt::sframe
