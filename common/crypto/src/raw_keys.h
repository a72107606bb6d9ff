// Raw key import/export for the curves zt uses, in RFC 9420 / RFC 9180 form:
// X25519/X448/Ed25519/Ed448 raw bytes; P-curves big-endian private scalar of
// the curve's byte length and uncompressed SEC1 public point.
#pragma once

#include <cstddef>
#include <cstdint>

#include "openssl_ptr.h"
#include "zt/base/bytes.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::crypto {
class RandomSource;
}

namespace zt::crypto::detail {

enum class KeyType : uint8_t { kX25519, kX448, kEd25519, kEd448, kP256, kP384, kP521 };

bool is_nist_curve(KeyType type);
size_t raw_private_size(KeyType type);
size_t raw_public_size(KeyType type);

// Throw CryptoError(kInvalidKey) on a malformed or out-of-range key.
PkeyPtr private_key_from_raw(KeyType type, BytesView raw);
PkeyPtr public_key_from_raw(KeyType type, BytesView raw);

SecretBytes raw_private_key(KeyType type, const EVP_PKEY* key);
Bytes raw_public_key(KeyType type, const EVP_PKEY* key);

// A private key drawn uniformly: raw random bytes for the Edwards/Montgomery
// curves, rejection-sampled scalar in [1, n) for the P-curves.
SecretBytes random_private_key(KeyType type, RandomSource& random);

// True when `scalar` (big-endian, curve length) is in [1, n).
bool nist_scalar_in_range(KeyType type, BytesView scalar);

}  // namespace zt::crypto::detail
