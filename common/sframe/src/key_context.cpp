#include "zt/sframe/key_context.h"

#include "zt/sframe/key_derivation.h"

namespace zt::sframe {

Expected<KeyContext, SFrameError> KeyContext::create(CipherSuite suite, uint64_t kid,
                                                     BytesView base_key, KeyUsage usage) {
  auto material = derive_key_salt(suite, kid, base_key);
  if (!material) return unexpected(material.error());
  auto cipher = FrameCipher::create(suite, material->key.reveal());
  if (!cipher) return unexpected(cipher.error());
  return KeyContext(kid, usage, std::move(*cipher), std::move(material->salt));
}

Expected<void, SFrameError> KeyContext::advance_counter_to(uint64_t ctr) {
  if (ctr < next_ctr_ || exhausted_) return unexpected(SFrameError::kInvalidArgument);
  next_ctr_ = ctr;
  return {};
}

Expected<size_t, SFrameError> KeyContext::protect(BytesView plaintext, BytesView metadata,
                                                  MutableBytesView out) {
  if (usage_ != KeyUsage::kEncrypt) return unexpected(SFrameError::kWrongKeyUsage);
  if (exhausted_) return unexpected(SFrameError::kCounterExhausted);
  Header header{kid_, next_ctr_};
  if (out.size() < protected_size(header, plaintext.size(), tag_size())) {
    return unexpected(SFrameError::kBufferTooSmall);
  }
  size_t header_size = encode_header(header, out).value();
  Nonce nonce = make_nonce(salt_.reveal(), header.ctr);
  auto sealed =
      cipher_.seal(nonce, out.first(header_size), metadata, plaintext, out.subspan(header_size));
  if (!sealed) return unexpected(sealed.error());
  if (next_ctr_ == UINT64_MAX) {
    exhausted_ = true;
  } else {
    ++next_ctr_;
  }
  return header_size + *sealed;
}

Expected<size_t, SFrameError> KeyContext::unprotect(const DecodedHeader& header, BytesView frame,
                                                    BytesView metadata, MutableBytesView out) {
  if (usage_ != KeyUsage::kDecrypt) return unexpected(SFrameError::kWrongKeyUsage);
  if (!replay_.check(header.header.ctr)) return unexpected(SFrameError::kReplay);
  Nonce nonce = make_nonce(salt_.reveal(), header.header.ctr);
  auto opened =
      cipher_.open(nonce, frame.first(header.size), metadata, frame.subspan(header.size), out);
  if (!opened) return unexpected(opened.error());
  replay_.accept(header.header.ctr);
  return *opened;
}

}  // namespace zt::sframe
