#include "zt/sframe/frame_cipher.h"

#include <array>
#include <cstring>

#include "zt/crypto/error.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::sframe {
namespace {

constexpr size_t kMaxHashSize = 64;
constexpr size_t kInitialAadCapacity = 256;

void put_u64(uint8_t* p, uint64_t v) {
  for (int i = 7; i >= 0; --i) *p++ = static_cast<uint8_t>(v >> (8 * i));
}

SFrameError from_crypto(crypto::CryptoErrorCode code) {
  switch (code) {
    case crypto::CryptoErrorCode::kAuthenticationFailed:
      return SFrameError::kAuthenticationFailed;
    case crypto::CryptoErrorCode::kBufferTooSmall:
      return SFrameError::kBufferTooSmall;
    default:
      return SFrameError::kCryptoFailure;
  }
}

}  // namespace

Expected<FrameCipher, SFrameError> FrameCipher::create(CipherSuite suite, BytesView key) {
  auto params = suite_params(suite);
  if (!params) return unexpected(params.error());
  if (key.size() != params->nk) return unexpected(SFrameError::kInvalidKey);
  FrameCipher cipher(*params);
  try {
    if (params->ctr_hmac) {
      cipher.ctr_.emplace(crypto::CtrAlgorithm::kAes128Ctr, key.first(params->nka));
      cipher.hmac_.emplace(params->hash, key.subspan(params->nka));
    } else {
      auto alg =
          params->nk == 16 ? crypto::AeadAlgorithm::kAes128Gcm : crypto::AeadAlgorithm::kAes256Gcm;
      cipher.gcm_.emplace(alg, key);
    }
  } catch (const crypto::CryptoError&) {
    return unexpected(SFrameError::kCryptoFailure);
  }
  cipher.aad_scratch_.reserve(kInitialAadCapacity);
  return cipher;
}

BytesView FrameCipher::joined_aad(BytesView header, BytesView metadata) {
  if (metadata.empty()) return header;
  aad_scratch_.resize(header.size() + metadata.size());  // grows only past the high-water mark
  std::memcpy(aad_scratch_.data(), header.data(), header.size());
  std::memcpy(aad_scratch_.data() + header.size(), metadata.data(), metadata.size());
  return aad_scratch_;
}

// HMAC(auth_key, len(aad) || len(ct) || Nt || nonce || aad || ct), full length.
Expected<size_t, SFrameError> FrameCipher::ctr_tag(BytesView nonce, BytesView header,
                                                   BytesView metadata, BytesView ciphertext,
                                                   MutableBytesView tag) {
  std::array<uint8_t, 24> lengths{};
  put_u64(lengths.data(), header.size() + metadata.size());
  put_u64(lengths.data() + 8, ciphertext.size());
  put_u64(lengths.data() + 16, params_.nt);
  auto n = hmac_->compute({lengths, nonce, header, metadata, ciphertext}, tag);
  if (!n) return unexpected(from_crypto(n.error().code()));
  return *n;
}

Expected<size_t, SFrameError> FrameCipher::seal(BytesView nonce, BytesView header,
                                                BytesView metadata, BytesView plaintext,
                                                MutableBytesView out) {
  size_t total = plaintext.size() + params_.nt;
  if (out.size() < total) return unexpected(SFrameError::kBufferTooSmall);
  if (gcm_) {
    auto n = gcm_->seal(nonce, joined_aad(header, metadata), plaintext, out);
    if (!n) return unexpected(from_crypto(n.error().code()));
    return *n;
  }
  std::array<uint8_t, crypto::AesCtrContext::kIvSize> iv{};
  std::memcpy(iv.data(), nonce.data(), nonce.size());
  auto ct = ctr_->crypt(iv, plaintext, out);
  if (!ct) return unexpected(from_crypto(ct.error().code()));
  std::array<uint8_t, kMaxHashSize> tag{};
  auto t = ctr_tag(nonce, header, metadata, out.first(plaintext.size()), tag);
  if (!t) return unexpected(t.error());
  std::memcpy(out.data() + plaintext.size(), tag.data(), params_.nt);
  return total;
}

Expected<size_t, SFrameError> FrameCipher::open(BytesView nonce, BytesView header,
                                                BytesView metadata, BytesView ciphertext,
                                                MutableBytesView out) {
  if (ciphertext.size() < params_.nt) return unexpected(SFrameError::kCiphertextTooShort);
  size_t pt_size = ciphertext.size() - params_.nt;
  if (out.size() < pt_size) return unexpected(SFrameError::kBufferTooSmall);
  if (gcm_) {
    auto n = gcm_->open(nonce, joined_aad(header, metadata), ciphertext, out);
    if (!n) return unexpected(from_crypto(n.error().code()));
    return *n;
  }
  BytesView inner = ciphertext.first(pt_size);
  std::array<uint8_t, kMaxHashSize> tag{};
  auto t = ctr_tag(nonce, header, metadata, inner, tag);
  if (!t) return unexpected(t.error());
  if (!crypto::constant_time_equal(BytesView(tag.data(), params_.nt),
                                   ciphertext.subspan(pt_size))) {
    return unexpected(SFrameError::kAuthenticationFailed);
  }
  std::array<uint8_t, crypto::AesCtrContext::kIvSize> iv{};
  std::memcpy(iv.data(), nonce.data(), nonce.size());
  auto pt = ctr_->crypt(iv, inner, out);
  if (!pt) return unexpected(from_crypto(pt.error().code()));
  return pt_size;
}

}  // namespace zt::sframe
