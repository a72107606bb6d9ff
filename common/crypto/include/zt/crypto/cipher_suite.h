// The seven MLS cipher suites (RFC 9420 §17.1): which KEM, KDF/hash, AEAD and
// signature scheme each uses, and their sizes, for common/mls.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "zt/crypto/aead.h"
#include "zt/crypto/hash.h"
#include "zt/crypto/hpke.h"
#include "zt/crypto/kem.h"
#include "zt/crypto/signature.h"

namespace zt::crypto {

enum class CipherSuiteId : uint16_t {
  kX25519Aes128GcmSha256Ed25519 = 0x0001,
  kP256Aes128GcmSha256P256 = 0x0002,
  kX25519ChaCha20Poly1305Sha256Ed25519 = 0x0003,
  kX448Aes256GcmSha512Ed448 = 0x0004,
  kP521Aes256GcmSha512P521 = 0x0005,
  kX448ChaCha20Poly1305Sha512Ed448 = 0x0006,
  kP384Aes256GcmSha384P384 = 0x0007,
};

// What a suite is made of: its KEM, KDF/hash, AEAD and signature scheme and
// their sizes (the wire id is CipherSuiteId here, mls::CipherSuite in MLS).
struct SuiteAlgorithms {
  CipherSuiteId id;
  const char* name;  // RFC 9420 name, e.g. "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519"
  KemId kem;
  HpkeKdf kdf;
  HashAlgorithm hash;
  AeadAlgorithm aead;
  HpkeAead hpke_aead;
  SignatureScheme signature;
  size_t nh;  // hash / KDF output length
  size_t nk;  // AEAD key length
  size_t nn;  // AEAD nonce length

  HpkeSuite hpke_suite() const { return {kem, kdf, hpke_aead}; }
};

// All seven, in id order.
std::span<const SuiteAlgorithms> mls_suite_algorithms();
// nullopt for an unknown or reserved id.
std::optional<SuiteAlgorithms> find_suite_algorithms(uint16_t id);
// Throws CryptoError(kUnsupported) for an unknown id.
const SuiteAlgorithms& suite_algorithms(CipherSuiteId id);

}  // namespace zt::crypto
