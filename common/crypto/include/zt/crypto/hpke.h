// HPKE (RFC 9180) on zt's DHKEM, HKDF and AEAD: modes base, psk, auth,
// auth_psk; single-shot seal/open, sender/receiver contexts and export.
// Control plane: setup and seal throw CryptoError; open returns Expected.
#pragma once

#include <cstdint>
#include <optional>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/aead.h"
#include "zt/crypto/error.h"
#include "zt/crypto/kem.h"
#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::crypto {

enum class HpkeMode : uint8_t { kBase = 0, kPsk = 1, kAuth = 2, kAuthPsk = 3 };
enum class HpkeKdf : uint16_t { kHkdfSha256 = 1, kHkdfSha384 = 2, kHkdfSha512 = 3 };
enum class HpkeAead : uint16_t {
  kAes128Gcm = 1,
  kAes256Gcm = 2,
  kChaCha20Poly1305 = 3,
  kExportOnly = 0xFFFF
};

struct HpkeSuite {
  KemId kem;
  HpkeKdf kdf;
  HpkeAead aead;
};

// Mode inputs. `auth_key` is the sender's private key on the sender side and
// the sender's public key on the receiver side (auth and auth_psk modes).
struct HpkeSetup {
  HpkeMode mode = HpkeMode::kBase;
  BytesView info;
  BytesView psk;
  BytesView psk_id;
  BytesView auth_key;
};

// The key schedule's output (RFC 9180 §5.1).
struct HpkeKeySchedule {
  SecretBytes key;
  Bytes base_nonce;
  SecretBytes exporter_secret;
};

class HpkeContext {
 public:
  HpkeContext(HpkeSuite suite, HpkeKeySchedule schedule);
  HpkeContext(HpkeContext&&) noexcept = default;
  HpkeContext& operator=(HpkeContext&&) noexcept = default;

  // Export(exporter_context, L), L <= 255 * Nh.
  SecretBytes export_secret(BytesView exporter_context, size_t length) const;
  const HpkeKeySchedule& key_schedule() const { return schedule_; }
  uint64_t sequence() const { return seq_; }

 protected:
  // base_nonce XOR I2OSP(seq, Nn); kMessageLimitReached when seq is exhausted.
  Expected<void, CryptoError> next_nonce(MutableBytesView nonce) const;
  void increment_seq() { ++seq_; }

  HpkeSuite suite_;
  HpkeKeySchedule schedule_;
  std::optional<AeadContext> aead_;  // empty for the export-only AEAD
  uint64_t seq_ = 0;
};

class HpkeSenderContext : public HpkeContext {
 public:
  using HpkeContext::HpkeContext;
  // Throws CryptoError (kMessageLimitReached, kUnsupported for export-only).
  Bytes seal(BytesView aad, BytesView plaintext);
};

class HpkeReceiverContext : public HpkeContext {
 public:
  using HpkeContext::HpkeContext;
  // The sequence number advances only on success.
  Expected<Bytes, CryptoError> open(BytesView aad, BytesView ciphertext);
  // The same, the plaintext opened straight into secret memory (a key, a
  // path secret): nothing to wipe by hand.
  Expected<SecretBytes, CryptoError> open_secret(BytesView aad, BytesView ciphertext);

 private:
  template <class Out>
  Expected<Out, CryptoError> open_as(BytesView aad, BytesView ciphertext);
};

struct HpkeSender {
  Bytes enc;
  HpkeSenderContext context;
};

struct HpkeSealed {
  Bytes enc;
  Bytes ciphertext;
};

class Hpke {
 public:
  // Throws CryptoError(kUnsupported) for an unknown KEM/KDF/AEAD id.
  explicit Hpke(HpkeSuite suite);

  const HpkeSuite& suite() const { return suite_; }
  const Dhkem& kem() const { return kem_; }

  HpkeSender setup_sender(BytesView public_key_r, const HpkeSetup& setup,
                          RandomSource& random = SystemRandom::instance()) const;
  HpkeReceiverContext setup_receiver(BytesView enc, BytesView private_key_r,
                                     const HpkeSetup& setup) const;

  HpkeSealed seal(BytesView public_key_r, const HpkeSetup& setup, BytesView aad,
                  BytesView plaintext, RandomSource& random = SystemRandom::instance()) const;
  Expected<Bytes, CryptoError> open(BytesView enc, BytesView private_key_r, const HpkeSetup& setup,
                                    BytesView aad, BytesView ciphertext) const;
  // open() for a secret plaintext (see HpkeReceiverContext::open_secret).
  Expected<SecretBytes, CryptoError> open_secret(BytesView enc, BytesView private_key_r,
                                                 const HpkeSetup& setup, BytesView aad,
                                                 BytesView ciphertext) const;

  // KeySchedule(mode, shared_secret, info, psk, psk_id); public for tests.
  HpkeKeySchedule key_schedule(const HpkeSetup& setup, BytesView shared_secret) const;

 private:
  HpkeSuite suite_;
  Dhkem kem_;
};

}  // namespace zt::crypto
