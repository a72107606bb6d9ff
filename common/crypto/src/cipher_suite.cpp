#include "zt/crypto/cipher_suite.h"

#include <array>

namespace zt::crypto {
namespace {

using H = HashAlgorithm;
using A = AeadAlgorithm;
using S = SignatureScheme;

constexpr std::array<SuiteAlgorithms, 7> kSuites = {{
    {CipherSuiteId::kX25519Aes128GcmSha256Ed25519, "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519",
     KemId::kX25519Sha256, HpkeKdf::kHkdfSha256, H::kSha256, A::kAes128Gcm, HpkeAead::kAes128Gcm,
     S::kEd25519, 32, 16, 12},
    {CipherSuiteId::kP256Aes128GcmSha256P256, "MLS_128_DHKEMP256_AES128GCM_SHA256_P256",
     KemId::kP256Sha256, HpkeKdf::kHkdfSha256, H::kSha256, A::kAes128Gcm, HpkeAead::kAes128Gcm,
     S::kEcdsaP256Sha256, 32, 16, 12},
    {CipherSuiteId::kX25519ChaCha20Poly1305Sha256Ed25519,
     "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519", KemId::kX25519Sha256,
     HpkeKdf::kHkdfSha256, H::kSha256, A::kChaCha20Poly1305, HpkeAead::kChaCha20Poly1305,
     S::kEd25519, 32, 32, 12},
    {CipherSuiteId::kX448Aes256GcmSha512Ed448, "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448",
     KemId::kX448Sha512, HpkeKdf::kHkdfSha512, H::kSha512, A::kAes256Gcm, HpkeAead::kAes256Gcm,
     S::kEd448, 64, 32, 12},
    {CipherSuiteId::kP521Aes256GcmSha512P521, "MLS_256_DHKEMP521_AES256GCM_SHA512_P521",
     KemId::kP521Sha512, HpkeKdf::kHkdfSha512, H::kSha512, A::kAes256Gcm, HpkeAead::kAes256Gcm,
     S::kEcdsaP521Sha512, 64, 32, 12},
    {CipherSuiteId::kX448ChaCha20Poly1305Sha512Ed448,
     "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448", KemId::kX448Sha512, HpkeKdf::kHkdfSha512,
     H::kSha512, A::kChaCha20Poly1305, HpkeAead::kChaCha20Poly1305, S::kEd448, 64, 32, 12},
    {CipherSuiteId::kP384Aes256GcmSha384P384, "MLS_256_DHKEMP384_AES256GCM_SHA384_P384",
     KemId::kP384Sha384, HpkeKdf::kHkdfSha384, H::kSha384, A::kAes256Gcm, HpkeAead::kAes256Gcm,
     S::kEcdsaP384Sha384, 48, 32, 12},
}};

}  // namespace

std::span<const SuiteAlgorithms> mls_suite_algorithms() { return kSuites; }

std::optional<SuiteAlgorithms> find_suite_algorithms(uint16_t id) {
  if (id == 0 || id > kSuites.size()) return std::nullopt;
  return kSuites[id - 1];
}

const SuiteAlgorithms& suite_algorithms(CipherSuiteId id) {
  const auto i = static_cast<size_t>(id);
  if (i == 0 || i > kSuites.size())
    throw CryptoError(CryptoErrorCode::kUnsupported, "unknown MLS cipher suite");
  return kSuites[i - 1];
}

}  // namespace zt::crypto
