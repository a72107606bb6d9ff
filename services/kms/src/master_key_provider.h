// Where the master key (KEK) lives. Content keys are stored only wrapped:
// AES-256-GCM under a master-key version, AAD = key URI || version (4 bytes,
// big endian), so a wrapped key moved to another URI or version does not
// open. A provider holds one or more versions; new wraps use the newest,
// rotation re-wraps the rest. The key-file provider (key_file_provider.h)
// reads a mounted Secret; an HSM provider keeps the key inside the token.
#pragma once

#include <string>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::kms {

class MasterKeyProvider {
 public:
  virtual ~MasterKeyProvider() = default;
  virtual int current_version() const = 0;
  virtual std::vector<int> versions() const = 0;
  // nonce || ciphertext || tag under `version`. Throws DomainError
  // (kUnavailable) for a version it does not hold.
  virtual Bytes wrap(int version, BytesView aad, const crypto::SecretBytes& key,
                     crypto::RandomSource& random) = 0;
  // Throws DomainError (kUnavailable) for an unknown version,
  // crypto::CryptoError when the wrapped bytes do not open.
  virtual crypto::SecretBytes unwrap(int version, BytesView aad, BytesView wrapped) = 0;
  // Rereads the key source (a rotated Secret); keeps what it had on failure.
  virtual void reload() {}
};

// AAD of a wrapped key: its URI, then the version.
Bytes wrap_aad(const std::string& key_uri, int version);

}  // namespace zt::kms
