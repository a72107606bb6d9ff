#include "zt/crypto/aes_ctr.h"

#include <openssl/evp.h>

#include <climits>

#include "algorithms.h"
#include "openssl_check.h"
#include "openssl_ptr.h"

namespace zt::crypto {

using detail::ossl_check;
using detail::ossl_ok;

struct AesCtrContext::State {
  detail::CipherCtxPtr ctx;
};

AesCtrContext::AesCtrContext(CtrAlgorithm alg, BytesView key) : state_(std::make_unique<State>()) {
  const EVP_CIPHER* cipher = detail::fetch_cipher(alg);
  const size_t want = alg == CtrAlgorithm::kAes128Ctr ? 16 : 32;
  if (key.size() != want)
    throw CryptoError(CryptoErrorCode::kInvalidKey, "AES-CTR key has the wrong length");
  state_->ctx.reset(ossl_check(EVP_CIPHER_CTX_new(), "cipher context allocation failed"));
  ossl_check(EVP_EncryptInit_ex2(state_->ctx.get(), cipher, key.data(), nullptr, nullptr),
             "AES-CTR key setup failed", CryptoErrorCode::kInvalidKey);
}

AesCtrContext::~AesCtrContext() = default;
AesCtrContext::AesCtrContext(AesCtrContext&&) noexcept = default;
AesCtrContext& AesCtrContext::operator=(AesCtrContext&&) noexcept = default;

Expected<size_t, CryptoError> AesCtrContext::crypt(BytesView iv, BytesView in,
                                                   MutableBytesView out) {
  if (iv.size() != kIvSize)
    return unexpected(CryptoError(CryptoErrorCode::kInvalidNonce, "AES-CTR IV must be 16 bytes"));
  if (out.size() < in.size())
    return unexpected(
        CryptoError(CryptoErrorCode::kBufferTooSmall, "AES-CTR output buffer too small"));
  if (in.size() > INT_MAX)
    return unexpected(CryptoError(CryptoErrorCode::kInvalidInput, "AES-CTR input too long"));
  EVP_CIPHER_CTX* ctx = state_->ctx.get();
  int len = 0;
  const bool ok = ossl_ok(EVP_EncryptInit_ex2(ctx, nullptr, nullptr, iv.data(), nullptr)) &&
                  (in.empty() || ossl_ok(EVP_EncryptUpdate(ctx, out.data(), &len, in.data(),
                                                           static_cast<int>(in.size()))));
  if (!ok) return unexpected(CryptoError(CryptoErrorCode::kOpenSslFailure, "AES-CTR failed"));
  return in.size();
}

}  // namespace zt::crypto
