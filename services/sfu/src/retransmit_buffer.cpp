#include "retransmit_buffer.h"

#include <algorithm>
#include <cstring>

namespace zt::sfu {
namespace {

size_t round_up_pow2(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace

RetransmitBuffer::RetransmitBuffer(size_t slots, size_t bytes)
    : mask_(round_up_pow2(slots < 2 ? 2 : slots) - 1), slots_(mask_ + 1), ring_(std::max(bytes, kMaxPacket)) {}

void RetransmitBuffer::store(uint16_t sequence, BytesView packet, std::chrono::steady_clock::time_point now) {
  if (packet.size() > kMaxPacket) return;
  if (ring_.size() - offset_ < packet.size()) {  // a packet is never split: skip the ring's tail
    written_ += ring_.size() - offset_;
    offset_ = 0;
  }
  Slot& s = slots_[sequence & mask_];
  s.used = true;
  s.sequence = sequence;
  s.size = static_cast<uint16_t>(packet.size());
  s.position = written_;
  s.stored_at = now;
  std::memcpy(ring_.data() + offset_, packet.data(), packet.size());
  written_ += packet.size();
  offset_ += packet.size();
}

BytesView RetransmitBuffer::find(uint16_t sequence, std::chrono::steady_clock::time_point now) const {
  const Slot& s = slots_[sequence & mask_];
  if (!s.used || s.sequence != sequence || now - s.stored_at > kMaxAge) return {};
  if (written_ - s.position > ring_.size()) return {};  // overwritten since
  return BytesView(ring_.data() + s.position % ring_.size(), s.size);
}

}  // namespace zt::sfu
