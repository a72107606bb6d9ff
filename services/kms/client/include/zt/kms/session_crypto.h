// The cryptography of a sealed client-KMS session, one definition for both
// ends (docs/kms-sessions.md). The client seals a SessionHello with HPKE
// (RFC 9180, base mode) to the KMS's static key; both ends then export one
// AEAD key and base nonce per direction from the HPKE context, bound to the
// session id the KMS picked; message n of a direction is sealed with nonce
// base XOR n and AAD naming the direction, the session and n.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "zt/base/bytes.h"
#include "zt/crypto/aead.h"
#include "zt/crypto/hpke.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::kms {

inline constexpr crypto::HpkeSuite kSessionSuite{
    crypto::KemId::kX25519Sha256, crypto::HpkeKdf::kHkdfSha256, crypto::HpkeAead::kAes256Gcm};
inline constexpr std::string_view kSessionInfo = "zt-kms session v1";
inline constexpr size_t kSessionIdSize = 16;
// How far a SessionHello's time or a SealedCall's expiry may be from the
// KMS's clock.
inline constexpr std::chrono::minutes kSealedClockSkew{5};

enum class Direction { kClientToKms, kKmsToClient };

// Hex of the first 16 bytes of SHA-256(public key).
std::string session_key_id(BytesView hpke_public_key);

// What the KMS certificate's key signs to vouch for its HPKE key.
Bytes session_key_statement(std::string_view domain, std::string_view key_id,
                            BytesView hpke_public_key, int64_t not_after_unix);

// The URI SAN a KMS certificate carries: zt:kms:<domain>.
std::string kms_certificate_uri(std::string_view domain);

// AAD of message `sequence` in `direction` of session `session_id`.
Bytes sealed_aad(Direction direction, BytesView session_id, uint64_t sequence);

// One direction's AEAD key and base nonce, exported from the HPKE context.
// Not thread-safe: each end serializes its use of a session.
class SealingKey {
 public:
  SealingKey(const crypto::HpkeContext& hpke, Direction direction, BytesView session_id);

  Bytes seal(uint64_t sequence, BytesView plaintext);
  // Empty when the bytes do not open (tampered, wrong key, wrong sequence).
  std::optional<crypto::SecretBytes> open(uint64_t sequence, BytesView ciphertext);

 private:
  SealingKey(Direction direction, BytesView session_id, const crypto::SecretBytes& exported);
  Bytes nonce(uint64_t sequence) const;

  Direction direction_;
  Bytes session_id_;
  crypto::AeadContext aead_;
  Bytes base_nonce_;
};

// Ed25519 identity keys: the 32-byte seed <-> PKCS#8 DER (RFC 8410), which
// the X.509 functions take.
crypto::SecretBytes ed25519_pkcs8(const crypto::SecretBytes& seed);

// The DER of the first certificate in `pem`; throws std::invalid_argument.
Bytes certificate_der(std::string_view pem);

}  // namespace zt::kms
