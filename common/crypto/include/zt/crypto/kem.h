// DHKEM (RFC 9180 §4.1, §7.1): X25519, X448, P-256, P-384, P-521.
// Keys are in their Serialize* forms: private = raw X25519/X448 bytes or
// big-endian scalar; public = raw or uncompressed SEC1 point. Control plane:
// errors throw CryptoError.
#pragma once

#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/crypto/error.h"
#include "zt/crypto/hash.h"
#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::crypto {

enum class KemId : uint16_t {
  kP256Sha256 = 0x0010,
  kP384Sha384 = 0x0011,
  kP521Sha512 = 0x0012,
  kX25519Sha256 = 0x0020,
  kX448Sha512 = 0x0021,
};

struct KemKeyPair {
  SecretBytes private_key;
  Bytes public_key;
};

struct EncapResult {
  SecretBytes shared_secret;
  Bytes enc;
};

class Dhkem {
 public:
  // Throws CryptoError(kUnsupported) for an unknown id.
  explicit Dhkem(KemId id);

  KemId id() const { return id_; }
  HashAlgorithm hash() const;
  size_t secret_size() const;       // Nsecret
  size_t enc_size() const;          // Nenc (= Npk)
  size_t public_key_size() const;   // Npk
  size_t private_key_size() const;  // Nsk

  KemKeyPair generate_key_pair(RandomSource& random = SystemRandom::instance()) const;
  KemKeyPair derive_key_pair(BytesView ikm) const;
  // The public key of a serialized private key (validates it).
  Bytes public_key_of(BytesView private_key) const;
  // DeserializePublicKey / DeserializePrivateKey checks: throw kInvalidKey.
  void check_public_key(BytesView public_key) const;
  void check_private_key(BytesView private_key) const;

  // The ephemeral key is DeriveKeyPair(random(Nsk)).
  EncapResult encap(BytesView public_key_r, RandomSource& random = SystemRandom::instance()) const;
  SecretBytes decap(BytesView enc, BytesView private_key_r) const;
  EncapResult auth_encap(BytesView public_key_r, BytesView private_key_s,
                         RandomSource& random = SystemRandom::instance()) const;
  SecretBytes auth_decap(BytesView enc, BytesView private_key_r, BytesView public_key_s) const;

 private:
  SecretBytes derive_private_key(BytesView ikm) const;
  SecretBytes extract_and_expand(BytesView dh, BytesView kem_context) const;
  Bytes suite_id() const;

  KemId id_;
};

}  // namespace zt::crypto
