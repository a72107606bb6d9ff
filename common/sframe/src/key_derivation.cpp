#include "zt/sframe/key_derivation.h"

#include <string_view>

#include "zt/crypto/error.h"
#include "zt/crypto/hkdf.h"

namespace zt::sframe {
namespace {

Bytes label(std::string_view prefix, uint64_t kid, CipherSuite suite) {
  Bytes out(prefix.begin(), prefix.end());
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(kid >> (8 * i)));
  auto s = static_cast<uint16_t>(suite);
  out.push_back(static_cast<uint8_t>(s >> 8));
  out.push_back(static_cast<uint8_t>(s));
  return out;
}

}  // namespace

Bytes key_label(uint64_t kid, CipherSuite suite) {
  return label("SFrame 1.0 Secret key ", kid, suite);
}

Bytes salt_label(uint64_t kid, CipherSuite suite) {
  return label("SFrame 1.0 Secret salt ", kid, suite);
}

Expected<KeyMaterial, SFrameError> derive_key_salt(CipherSuite suite, uint64_t kid,
                                                   BytesView base_key) {
  auto params = suite_params(suite);
  if (!params) return unexpected(params.error());
  if (base_key.empty()) return unexpected(SFrameError::kInvalidKey);
  try {
    crypto::SecretBytes secret = crypto::hkdf_extract(params->hash, {}, base_key);
    KeyMaterial km;
    km.key = crypto::hkdf_expand(params->hash, secret.reveal(), key_label(kid, suite), params->nk);
    km.salt =
        crypto::hkdf_expand(params->hash, secret.reveal(), salt_label(kid, suite), params->nn);
    return km;
  } catch (const crypto::CryptoError&) {
    return unexpected(SFrameError::kCryptoFailure);
  }
}

Nonce make_nonce(BytesView salt, uint64_t ctr) {
  Nonce nonce{};
  for (size_t i = 0; i < kNonceSize && i < salt.size(); ++i) nonce[i] = salt[i];
  for (size_t i = 0; i < 8; ++i) nonce[kNonceSize - 1 - i] ^= static_cast<uint8_t>(ctr >> (8 * i));
  return nonce;
}

}  // namespace zt::sframe
