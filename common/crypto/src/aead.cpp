#include "zt/crypto/aead.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <climits>

#include "algorithms.h"
#include "openssl_check.h"
#include "openssl_ptr.h"

namespace zt::crypto {

using detail::ossl_check;
using detail::ossl_ok;

namespace {
constexpr size_t kTagSize = 16;
constexpr size_t kNonceSize = 12;

CryptoError aead_error(CryptoErrorCode code, const char* what) { return CryptoError(code, what); }
}  // namespace

size_t aead_key_size(AeadAlgorithm alg) { return alg == AeadAlgorithm::kAes128Gcm ? 16 : 32; }
size_t aead_nonce_size(AeadAlgorithm) { return kNonceSize; }
size_t aead_tag_size(AeadAlgorithm) { return kTagSize; }

struct AeadContext::State {
  detail::CipherCtxPtr enc;
  detail::CipherCtxPtr dec;
};

AeadContext::AeadContext(AeadAlgorithm alg, BytesView key)
    : alg_(alg), state_(std::make_unique<State>()) {
  const EVP_CIPHER* cipher = detail::fetch_cipher(alg);
  if (key.size() != aead_key_size(alg))
    throw CryptoError(CryptoErrorCode::kInvalidKey, "AEAD key has the wrong length");
  state_->enc.reset(ossl_check(EVP_CIPHER_CTX_new(), "cipher context allocation failed"));
  state_->dec.reset(ossl_check(EVP_CIPHER_CTX_new(), "cipher context allocation failed"));
  ossl_check(EVP_EncryptInit_ex2(state_->enc.get(), cipher, key.data(), nullptr, nullptr),
             "AEAD key setup failed", CryptoErrorCode::kInvalidKey);
  ossl_check(EVP_DecryptInit_ex2(state_->dec.get(), cipher, key.data(), nullptr, nullptr),
             "AEAD key setup failed", CryptoErrorCode::kInvalidKey);
}

AeadContext::~AeadContext() = default;
AeadContext::AeadContext(AeadContext&&) noexcept = default;
AeadContext& AeadContext::operator=(AeadContext&&) noexcept = default;

Expected<size_t, CryptoError> AeadContext::seal(BytesView nonce, BytesView aad, BytesView plaintext,
                                                MutableBytesView out) {
  if (nonce.size() != kNonceSize)
    return unexpected(
        aead_error(CryptoErrorCode::kInvalidNonce, "AEAD nonce has the wrong length"));
  if (plaintext.size() > INT_MAX - kTagSize || aad.size() > INT_MAX) {
    return unexpected(aead_error(CryptoErrorCode::kInvalidInput, "AEAD input too long"));
  }
  if (out.size() < plaintext.size() + kTagSize) {
    return unexpected(aead_error(CryptoErrorCode::kBufferTooSmall, "AEAD output buffer too small"));
  }
  EVP_CIPHER_CTX* ctx = state_->enc.get();
  int len = 0;
  int final_len = 0;
  const bool ok =
      ossl_ok(EVP_EncryptInit_ex2(ctx, nullptr, nullptr, nonce.data(), nullptr)) &&
      (aad.empty() ||
       ossl_ok(EVP_EncryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())))) &&
      ossl_ok(EVP_EncryptUpdate(ctx, out.data(), &len, plaintext.data(),
                                static_cast<int>(plaintext.size()))) &&
      ossl_ok(EVP_EncryptFinal_ex(ctx, out.data() + len, &final_len)) &&
      ossl_ok(
          EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, kTagSize, out.data() + plaintext.size()));
  if (!ok) return unexpected(aead_error(CryptoErrorCode::kOpenSslFailure, "AEAD seal failed"));
  return plaintext.size() + kTagSize;
}

Expected<size_t, CryptoError> AeadContext::open(BytesView nonce, BytesView aad,
                                                BytesView ciphertext, MutableBytesView out) {
  if (nonce.size() != kNonceSize)
    return unexpected(
        aead_error(CryptoErrorCode::kInvalidNonce, "AEAD nonce has the wrong length"));
  if (ciphertext.size() < kTagSize) {
    return unexpected(
        aead_error(CryptoErrorCode::kAuthenticationFailed, "AEAD ciphertext shorter than the tag"));
  }
  if (ciphertext.size() > INT_MAX || aad.size() > INT_MAX) {
    return unexpected(aead_error(CryptoErrorCode::kInvalidInput, "AEAD input too long"));
  }
  const size_t body = ciphertext.size() - kTagSize;
  if (out.size() < body)
    return unexpected(aead_error(CryptoErrorCode::kBufferTooSmall, "AEAD output buffer too small"));
  // Copy the tag first: with in-place decryption it is not overwritten, but
  // OpenSSL wants a mutable pointer.
  std::array<uint8_t, kTagSize> tag{};
  std::copy(ciphertext.begin() + static_cast<ptrdiff_t>(body), ciphertext.end(), tag.begin());
  EVP_CIPHER_CTX* ctx = state_->dec.get();
  int len = 0;
  int final_len = 0;
  const bool ok =
      ossl_ok(EVP_DecryptInit_ex2(ctx, nullptr, nullptr, nonce.data(), nullptr)) &&
      ossl_ok(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, kTagSize, tag.data())) &&
      (aad.empty() ||
       ossl_ok(EVP_DecryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())))) &&
      ossl_ok(
          EVP_DecryptUpdate(ctx, out.data(), &len, ciphertext.data(), static_cast<int>(body))) &&
      ossl_ok(EVP_DecryptFinal_ex(ctx, out.data() + len, &final_len));
  if (!ok) {
    if (body > 0) OPENSSL_cleanse(out.data(), body);
    return unexpected(
        aead_error(CryptoErrorCode::kAuthenticationFailed, "AEAD authentication failed"));
  }
  return body;
}

Bytes aead_seal(AeadAlgorithm alg, BytesView key, BytesView nonce, BytesView aad,
                BytesView plaintext) {
  AeadContext ctx(alg, key);
  Bytes out(plaintext.size() + kTagSize);
  auto n = ctx.seal(nonce, aad, plaintext, out);
  if (!n) throw n.error();
  return out;
}

Expected<Bytes, CryptoError> aead_open(AeadAlgorithm alg, BytesView key, BytesView nonce,
                                       BytesView aad, BytesView ciphertext) {
  if (key.size() != aead_key_size(alg)) {
    return unexpected(aead_error(CryptoErrorCode::kInvalidKey, "AEAD key has the wrong length"));
  }
  AeadContext ctx(alg, key);
  Bytes out(ciphertext.size() >= kTagSize ? ciphertext.size() - kTagSize : 0);
  auto n = ctx.open(nonce, aad, ciphertext, out);
  if (!n) return unexpected(n.error());
  return out;
}

}  // namespace zt::crypto
