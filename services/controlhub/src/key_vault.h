// Seals secrets stored in PostgreSQL (token signing seeds, CA private keys)
// with AES-256-GCM under a master key read from a secret file. The purpose
// label is bound as associated data, so a sealed CA key cannot be opened as
// a signing seed.
#pragma once

#include <string_view>

#include "zt/base/bytes.h"
#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::controlhub {

class KeyVault {
 public:
  // `master_secret`: the secret file's contents (any length >= 16 bytes);
  // the AES key is SHA-256 of it. Throws std::invalid_argument if too short.
  // `random` gives the seal nonces.
  KeyVault(const crypto::SecretBytes& master_secret, crypto::RandomSource& random);

  Bytes seal(std::string_view purpose, const crypto::SecretBytes& plaintext) const;
  // Throws std::runtime_error if the blob was not sealed under this key and purpose.
  crypto::SecretBytes open(std::string_view purpose, BytesView sealed) const;

 private:
  crypto::SecretBytes key_;
  crypto::RandomSource& random_;
};

}  // namespace zt::controlhub
