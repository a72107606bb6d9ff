// Key and salt derivation from a base key (RFC 9605 §4.4.2) and nonce
// formation (§4.4.3). Derivation runs once per KID, off the per-frame path.
#pragma once

#include <array>
#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/sframe/cipher_suite.h"
#include "zt/sframe/error.h"

namespace zt::sframe {

inline constexpr size_t kNonceSize = 12;  // Nn of every defined suite
using Nonce = std::array<uint8_t, kNonceSize>;

struct KeyMaterial {
  crypto::SecretBytes key;   // sframe_key, Nk bytes
  crypto::SecretBytes salt;  // sframe_salt, Nn bytes
};

// "SFrame 1.0 Secret key " / "SFrame 1.0 Secret salt " + uint64(KID) + uint16(suite).
Bytes key_label(uint64_t kid, CipherSuite suite);
Bytes salt_label(uint64_t kid, CipherSuite suite);

// sframe_secret = HKDF-Extract("", base_key); key and salt = HKDF-Expand(...).
// kInvalidKey when base_key is empty (RFC 9605 fixes no length; MLS uses Nk).
Expected<KeyMaterial, SFrameError> derive_key_salt(CipherSuite suite, uint64_t kid,
                                                   BytesView base_key);

// nonce = salt XOR big-endian(ctr) over Nn bytes.
Nonce make_nonce(BytesView salt, uint64_t ctr);

}  // namespace zt::sframe
