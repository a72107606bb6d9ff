#include "zt/stun/builder.h"

#include <algorithm>
#include <cstring>

#include "wire.h"
#include "zt/stun/fingerprint.h"

namespace zt::stun {

MessageBuilder::MessageBuilder(MutableBytesView out, uint16_t type, const TransactionId& transaction_id)
    : out_(out) {
  if (out_.size() < kHeaderSize) {
    ok_ = false;
    return;
  }
  uint8_t* p = out_.data();
  wire::store16(p, type);
  wire::store16(p + 2, 0);
  wire::store32(p + 4, kMagicCookie);
  std::memcpy(p + 8, transaction_id.data(), transaction_id.size());
  size_ = kHeaderSize;
}

uint8_t* MessageBuilder::reserve(Attr type, size_t value_size) {
  size_t need = 4 + wire::padded(value_size);
  if (!ok_ || value_size > 0xFFFF || out_.size() - size_ < need) {
    ok_ = false;
    return nullptr;
  }
  uint8_t* p = out_.data() + size_;
  wire::store16(p, static_cast<uint16_t>(type));
  wire::store16(p + 2, static_cast<uint16_t>(value_size));
  std::memset(p + 4, 0, wire::padded(value_size));
  size_ += need;
  set_length(size_ - kHeaderSize);
  return p + 4;
}

void MessageBuilder::set_length(size_t body) { wire::store16(out_.data() + 2, static_cast<uint16_t>(body)); }

MessageBuilder& MessageBuilder::add_username(std::string_view username) {
  if (uint8_t* v = reserve(Attr::kUsername, username.size())) std::copy(username.begin(), username.end(), v);
  return *this;
}

MessageBuilder& MessageBuilder::add_xor_mapped_address(const Address& a) {
  bool v4 = a.family == Address::Family::kIpv4;
  size_t ip_len = v4 ? 4 : 16;
  uint8_t* v = reserve(Attr::kXorMappedAddress, 4 + ip_len);
  if (!v) return *this;
  v[1] = static_cast<uint8_t>(a.family);
  wire::store16(v + 2, static_cast<uint16_t>(a.port ^ (kMagicCookie >> 16)));
  const uint8_t* mask = out_.data() + 4;  // magic cookie, then transaction id
  for (size_t i = 0; i < ip_len; ++i) v[4 + i] = a.ip[i] ^ mask[i];
  return *this;
}

MessageBuilder& MessageBuilder::add_priority(uint32_t priority) {
  if (uint8_t* v = reserve(Attr::kPriority, 4)) wire::store32(v, priority);
  return *this;
}

MessageBuilder& MessageBuilder::add_use_candidate() {
  reserve(Attr::kUseCandidate, 0);
  return *this;
}

MessageBuilder& MessageBuilder::add_ice_controlling(uint64_t tie_breaker) {
  return add_tie_breaker(Attr::kIceControlling, tie_breaker);
}

MessageBuilder& MessageBuilder::add_ice_controlled(uint64_t tie_breaker) {
  return add_tie_breaker(Attr::kIceControlled, tie_breaker);
}

MessageBuilder& MessageBuilder::add_tie_breaker(Attr type, uint64_t tie_breaker) {
  if (uint8_t* v = reserve(type, 8)) {
    wire::store32(v, static_cast<uint32_t>(tie_breaker >> 32));
    wire::store32(v + 4, static_cast<uint32_t>(tie_breaker));
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_error_code(uint16_t code, std::string_view reason) {
  if (uint8_t* v = reserve(Attr::kErrorCode, 4 + reason.size())) {
    v[2] = static_cast<uint8_t>(code / 100);
    v[3] = static_cast<uint8_t>(code % 100);
    std::copy(reason.begin(), reason.end(), v + 4);
  }
  return *this;
}

MessageBuilder& MessageBuilder::add_integrity(IntegrityKey& key) {
  size_t offset = size_;
  uint8_t* v = reserve(Attr::kMessageIntegrity, kIntegritySize);
  if (!v) return *this;
  Sha1Tag tag = integrity_tag(BytesView(out_.data(), size_), offset, key);
  std::memcpy(v, tag.data(), tag.size());
  return *this;
}

MessageBuilder& MessageBuilder::add_fingerprint() {
  size_t offset = size_;
  uint8_t* v = reserve(Attr::kFingerprint, 4);
  if (v) wire::store32(v, fingerprint_value(BytesView(out_.data(), size_), offset));
  return *this;
}

BytesView MessageBuilder::bytes() const { return ok_ ? BytesView(out_.data(), size_) : BytesView(); }

}  // namespace zt::stun
