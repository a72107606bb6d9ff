// Signatures for MLS (RFC 9420 SignatureScheme values): Ed25519, Ed448 and
// ECDSA P-256/SHA-256, P-384/SHA-384, P-521/SHA-512.
// Raw forms: EdDSA private = 32/57-byte seed, public = raw; ECDSA private =
// big-endian scalar of the curve length, public = uncompressed SEC1 point.
// Signatures: EdDSA raw, ECDSA DER. Control plane: errors throw CryptoError.
#pragma once

#include <cstdint>
#include <memory>

#include "zt/base/bytes.h"
#include "zt/crypto/error.h"
#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"

struct evp_pkey_st;

namespace zt::crypto {

enum class SignatureScheme : uint16_t {
  kEcdsaP256Sha256 = 0x0403,
  kEcdsaP384Sha384 = 0x0503,
  kEcdsaP521Sha512 = 0x0603,
  kEd25519 = 0x0807,
  kEd448 = 0x0808,
};

size_t signature_private_key_size(SignatureScheme scheme);
size_t signature_public_key_size(SignatureScheme scheme);

class SigningKey {
 public:
  static SigningKey generate(SignatureScheme scheme,
                             RandomSource& random = SystemRandom::instance());
  // Throws CryptoError(kInvalidKey) on a malformed key.
  static SigningKey from_raw(SignatureScheme scheme, BytesView private_key);

  SignatureScheme scheme() const { return scheme_; }
  SecretBytes raw_private_key() const;
  Bytes public_key() const;
  Bytes sign(BytesView message) const;

 private:
  SigningKey(SignatureScheme scheme, std::shared_ptr<evp_pkey_st> key)
      : scheme_(scheme), key_(std::move(key)) {}
  SignatureScheme scheme_;
  std::shared_ptr<evp_pkey_st> key_;
};

class VerifyingKey {
 public:
  // Throws CryptoError(kInvalidKey) on a malformed or off-curve key.
  static VerifyingKey from_raw(SignatureScheme scheme, BytesView public_key);

  SignatureScheme scheme() const { return scheme_; }
  Bytes raw() const;
  // False for a wrong or malformed signature.
  bool verify(BytesView message, BytesView signature) const;

 private:
  VerifyingKey(SignatureScheme scheme, std::shared_ptr<evp_pkey_st> key, Bytes raw)
      : scheme_(scheme), key_(std::move(key)), raw_(std::move(raw)) {}
  SignatureScheme scheme_;
  std::shared_ptr<evp_pkey_st> key_;  // null for Ed25519 (verified from raw_)
  Bytes raw_;
};

// Convenience forms on raw keys.
Bytes derive_signature_public_key(SignatureScheme scheme, BytesView private_key);
Bytes sign(SignatureScheme scheme, BytesView private_key, BytesView message);
bool verify(SignatureScheme scheme, BytesView public_key, BytesView message, BytesView signature);

}  // namespace zt::crypto
