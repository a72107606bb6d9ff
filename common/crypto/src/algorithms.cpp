#include "algorithms.h"

#include "openssl_check.h"

namespace zt::crypto::detail {
const char* md_name(HashAlgorithm alg) {
  switch (alg) {
    case HashAlgorithm::kSha1:
      return "SHA1";
    case HashAlgorithm::kSha256:
      return "SHA2-256";
    case HashAlgorithm::kSha384:
      return "SHA2-384";
    case HashAlgorithm::kSha512:
      return "SHA2-512";
  }
  throw CryptoError(CryptoErrorCode::kUnsupported, "unknown hash algorithm");
}

const EVP_MD* fetch_md(HashAlgorithm alg) {
  static EVP_MD* const mds[] = {EVP_MD_fetch(nullptr, md_name(HashAlgorithm::kSha1), nullptr),
                                EVP_MD_fetch(nullptr, md_name(HashAlgorithm::kSha256), nullptr),
                                EVP_MD_fetch(nullptr, md_name(HashAlgorithm::kSha384), nullptr),
                                EVP_MD_fetch(nullptr, md_name(HashAlgorithm::kSha512), nullptr)};
  return ossl_check(mds[static_cast<int>(alg) & 3], "hash unavailable",
                    CryptoErrorCode::kUnsupported);
}

const EVP_CIPHER* fetch_cipher(AeadAlgorithm alg) {
  static EVP_CIPHER* const ciphers[] = {EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr),
                                        EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr),
                                        EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr)};
  const auto i = static_cast<size_t>(alg);
  if (i >= 3) throw CryptoError(CryptoErrorCode::kUnsupported, "unknown AEAD algorithm");
  return ossl_check(ciphers[i], "AEAD cipher unavailable", CryptoErrorCode::kUnsupported);
}

const EVP_CIPHER* fetch_cipher(CtrAlgorithm alg) {
  static EVP_CIPHER* const ciphers[] = {EVP_CIPHER_fetch(nullptr, "AES-128-CTR", nullptr),
                                        EVP_CIPHER_fetch(nullptr, "AES-256-CTR", nullptr)};
  const auto i = static_cast<size_t>(alg);
  if (i >= 2) throw CryptoError(CryptoErrorCode::kUnsupported, "unknown CTR algorithm");
  return ossl_check(ciphers[i], "AES-CTR cipher unavailable", CryptoErrorCode::kUnsupported);
}

EVP_MAC* fetch_hmac() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return ossl_check(mac, "HMAC unavailable", CryptoErrorCode::kUnsupported);
}

EVP_KDF* fetch_hkdf() {
  static EVP_KDF* const kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  return ossl_check(kdf, "HKDF unavailable", CryptoErrorCode::kUnsupported);
}

}  // namespace zt::crypto::detail
