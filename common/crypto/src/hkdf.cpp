#include "zt/crypto/hkdf.h"

#include <openssl/core_names.h>
#include <openssl/kdf.h>

#include "algorithms.h"
#include "openssl_check.h"
#include "openssl_ptr.h"

namespace zt::crypto {
namespace {

// Runs OpenSSL's HKDF in one mode (extract-only or expand-only).
SecretBytes run_hkdf(HashAlgorithm alg, int mode, BytesView key, BytesView salt_or_info,
                     size_t length) {
  if (alg == HashAlgorithm::kSha1)
    throw CryptoError(CryptoErrorCode::kUnsupported, "HKDF needs SHA-2");
  detail::KdfCtxPtr ctx(
      detail::ossl_check(EVP_KDF_CTX_new(detail::fetch_hkdf()), "HKDF context failed"));
  static unsigned char kEmpty[1] = {0};
  auto* key_ptr = key.empty() ? kEmpty : const_cast<uint8_t*>(key.data());
  auto* extra_ptr = salt_or_info.empty() ? kEmpty : const_cast<uint8_t*>(salt_or_info.data());
  const bool extract = mode == EVP_KDF_HKDF_MODE_EXTRACT_ONLY;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                       const_cast<char*>(detail::md_name(alg)), 0),
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, key_ptr, key.size()),
      OSSL_PARAM_construct_octet_string(extract ? OSSL_KDF_PARAM_SALT : OSSL_KDF_PARAM_INFO,
                                        extra_ptr, salt_or_info.size()),
      OSSL_PARAM_construct_end()};
  SecretBytes out(length);
  detail::ossl_check(EVP_KDF_derive(ctx.get(), out.reveal_mutable().data(), length, params),
                     "HKDF derivation failed", CryptoErrorCode::kInvalidInput);
  return out;
}

}  // namespace

SecretBytes hkdf_extract(HashAlgorithm alg, BytesView salt, BytesView ikm) {
  return run_hkdf(alg, EVP_KDF_HKDF_MODE_EXTRACT_ONLY, ikm, salt, digest_size(alg));
}

SecretBytes hkdf_expand(HashAlgorithm alg, BytesView prk, BytesView info, size_t length) {
  if (length == 0) return SecretBytes();
  if (length > 255 * digest_size(alg)) {
    throw CryptoError(CryptoErrorCode::kInvalidInput, "HKDF output too long");
  }
  return run_hkdf(alg, EVP_KDF_HKDF_MODE_EXPAND_ONLY, prk, info, length);
}

}  // namespace zt::crypto
