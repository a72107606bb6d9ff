#include "zt/sframe/context.h"

namespace zt::sframe {

Expected<void, SFrameError> Context::add_key(uint64_t kid, BytesView base_key, KeyUsage usage) {
  auto key = KeyContext::create(suite_, kid, base_key, usage);
  if (!key) return unexpected(key.error());
  last_ = nullptr;
  keys_.erase(kid);
  keys_.emplace(kid, std::move(*key));
  return {};
}

KeyContext* Context::key(uint64_t kid) {
  if (last_ != nullptr && last_->kid() == kid) return last_;
  auto it = keys_.find(kid);
  if (it == keys_.end()) return nullptr;
  last_ = &it->second;
  return last_;
}

Expected<size_t, SFrameError> Context::protect(uint64_t kid, BytesView plaintext,
                                               BytesView metadata, MutableBytesView out) {
  KeyContext* k = key(kid);
  if (k == nullptr) return unexpected(SFrameError::kUnknownKid);
  return k->protect(plaintext, metadata, out);
}

Expected<size_t, SFrameError> Context::unprotect(BytesView frame, BytesView metadata,
                                                 MutableBytesView out) {
  auto header = decode_header(frame);
  if (!header) return unexpected(header.error());
  KeyContext* k = key(header->header.kid);
  if (k == nullptr) return unexpected(SFrameError::kUnknownKid);
  return k->unprotect(*header, frame, metadata, out);
}

}  // namespace zt::sframe
