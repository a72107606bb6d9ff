// The KMS's identity for sealed sessions: an Ed25519 key certified by the
// org CA (URI SAN zt:kms:<domain>) and the static X25519 HPKE key derived
// from it, published as a SessionKey signed by the certified key. Without
// a configured certificate the KMS is its own CA (development: clients pin
// the root in <state_dir>/kms-certificate.pem).
#pragma once

#include <chrono>
#include <string>

#include "zt/crypto/hpke.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/kms/v1/kms.pb.h"

namespace zt::kms {

class SessionIdentity {
 public:
  // `seed`: the 32-byte Ed25519 identity key; `certificate_pem`: its
  // certificate, then the chain. Throws std::invalid_argument when the
  // certificate is not for this key or this domain.
  SessionIdentity(const crypto::SecretBytes& seed, const std::string& certificate_pem,
                  const std::string& domain);

  const v1::SessionKey& published() const { return published_; }
  const std::string& key_id() const { return published_.key_id(); }
  // Throws crypto::CryptoError when `enc` is not a valid encapsulation.
  crypto::HpkeReceiverContext receive(BytesView enc) const;

 private:
  crypto::Hpke hpke_;
  crypto::SecretBytes hpke_private_;
  v1::SessionKey published_;
};

// An identity certificate for `seed`, issued by a CA (the org CA, or the
// KMS's own for development): URI SAN zt:kms:<domain>.
std::string issue_kms_certificate(const crypto::SecretBytes& seed, const std::string& domain,
                                  const std::string& ca_cert_pem, const crypto::SecretBytes& ca_key,
                                  std::chrono::system_clock::time_point not_after);

struct SessionIdentityFiles {
  crypto::SecretBytes seed;
  std::string certificate_pem;
};

// The configured identity (the key file's contents, 64 hex digits, and the
// path of the certificate PEM), or, when neither is configured,
// <state_dir>/kms-identity.key and kms-certificate.pem (leaf, then a
// self-made root whose key is thrown away), created on first start. Throws
// std::invalid_argument when only one of the two is configured or the key
// is not 64 hex digits.
SessionIdentityFiles load_or_create_session_identity(const crypto::SecretBytes& key_hex,
                                                     const std::string& certificate_path,
                                                     const std::string& state_dir,
                                                     const std::string& domain);

}  // namespace zt::kms
