#include "zt/crypto/hmac.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>

#include "algorithms.h"
#include "openssl_check.h"
#include "openssl_ptr.h"

namespace zt::crypto {

using detail::ossl_check;
using detail::ossl_ok;

struct HmacContext::State {
  detail::MacCtxPtr ctx;
};

HmacContext::HmacContext(HashAlgorithm alg, BytesView key)
    : alg_(alg), state_(std::make_unique<State>()) {
  state_->ctx.reset(
      ossl_check(EVP_MAC_CTX_new(detail::fetch_hmac()), "HMAC context allocation failed"));
  detail::fetch_md(alg);  // fails early on an unsupported hash
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                       const_cast<char*>(detail::md_name(alg)), 0),
      OSSL_PARAM_construct_end()};
  // OpenSSL rejects a NULL key pointer even with length 0.
  static const unsigned char kEmpty[1] = {0};
  ossl_check(EVP_MAC_init(state_->ctx.get(), key.empty() ? kEmpty : key.data(), key.size(), params),
             "HMAC key setup failed", CryptoErrorCode::kInvalidKey);
}

HmacContext::~HmacContext() = default;
HmacContext::HmacContext(HmacContext&&) noexcept = default;
HmacContext& HmacContext::operator=(HmacContext&&) noexcept = default;

Expected<size_t, CryptoError> HmacContext::compute(BytesView data, MutableBytesView out) {
  return compute({data}, out);
}

Expected<size_t, CryptoError> HmacContext::compute(std::initializer_list<BytesView> parts,
                                                   MutableBytesView out) {
  const size_t n = tag_size();
  if (out.size() < n)
    return unexpected(
        CryptoError(CryptoErrorCode::kBufferTooSmall, "HMAC output buffer too small"));
  EVP_MAC_CTX* ctx = state_->ctx.get();
  // A NULL key re-initialises with the key already set.
  if (!ossl_ok(EVP_MAC_init(ctx, nullptr, 0, nullptr))) {
    return unexpected(CryptoError(CryptoErrorCode::kOpenSslFailure, "HMAC init failed"));
  }
  for (BytesView part : parts) {
    if (!part.empty() && !ossl_ok(EVP_MAC_update(ctx, part.data(), part.size()))) {
      return unexpected(CryptoError(CryptoErrorCode::kOpenSslFailure, "HMAC update failed"));
    }
  }
  size_t written = 0;
  if (!ossl_ok(EVP_MAC_final(ctx, out.data(), &written, out.size()))) {
    return unexpected(CryptoError(CryptoErrorCode::kOpenSslFailure, "HMAC final failed"));
  }
  return written;
}

Expected<void, CryptoError> HmacContext::verify(std::initializer_list<BytesView> parts,
                                                BytesView tag) {
  std::array<uint8_t, EVP_MAX_MD_SIZE> full{};
  auto n = compute(parts, full);
  if (!n) return unexpected(n.error());
  if (tag.empty() || tag.size() > *n || CRYPTO_memcmp(full.data(), tag.data(), tag.size()) != 0) {
    return unexpected(CryptoError(CryptoErrorCode::kAuthenticationFailed, "HMAC tag mismatch"));
  }
  return {};
}

Bytes hmac(HashAlgorithm alg, BytesView key, BytesView data) {
  HmacContext ctx(alg, key);
  Bytes out(ctx.tag_size());
  auto n = ctx.compute(data, out);
  if (!n) throw n.error();
  return out;
}

}  // namespace zt::crypto
