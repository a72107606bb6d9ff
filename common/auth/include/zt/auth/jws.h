// Compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037): the format of
// Control Hub bearer tokens and of the delivery service's media grants.
#pragma once

#include <string>
#include <string_view>

#include "zt/auth/auth_error.h"
#include "zt/auth/jwk.h"
#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::auth {

// An Ed25519 signing key with its key id. The seed lives in SecretBytes:
// not printable, not copyable, cleansed on destruction.
class JwsSigner {
 public:
  JwsSigner(std::string kid, BytesView seed32);
  JwsSigner(JwsSigner&&) noexcept = default;
  JwsSigner& operator=(JwsSigner&&) noexcept = default;
  JwsSigner(const JwsSigner&) = delete;
  JwsSigner& operator=(const JwsSigner&) = delete;

  // A fresh random key from `random`.
  static JwsSigner generate(std::string kid,
                            crypto::RandomSource& random = crypto::SystemRandom::instance());
  // The key of a 64-hex-digit seed (a seed file as `zt-loadgen keygen`
  // writes it, read with config::read_secret_file); std::invalid_argument
  // when it is not 32 bytes of hex.
  static JwsSigner from_seed_hex(std::string kid, const crypto::SecretBytes& seed_hex);

  const std::string& kid() const { return kid_; }
  Jwk public_jwk() const;
  // The 32-byte seed, for storing the key sealed at rest.
  const crypto::SecretBytes& seed_for_storage() const { return seed_; }

  // header {"alg":"EdDSA","typ":"JWT","kid":kid} . payload . signature
  std::string sign(std::string_view payload_json) const;

 private:
  std::string kid_;
  crypto::SecretBytes seed_;
  Bytes public_key_;
};

struct VerifiedJws {
  std::string kid;
  std::string payload;  // the JSON text that was signed
};

// Checks the structure, alg == EdDSA, the kid against `keys` and the
// signature. Claims (exp ...) are the caller's business (see TokenVerifier).
Expected<VerifiedJws, AuthError> verify_jws(std::string_view token, const JwkSet& keys);

}  // namespace zt::auth
