#include "retransmit_buffer.h"

#include <cstring>

namespace zt::sfu {
namespace {

size_t round_up_pow2(size_t n) {
  size_t p = 1;
  while (p < n) p <<= 1;
  return p;
}

}  // namespace

RetransmitBuffer::RetransmitBuffer(size_t slots)
    : mask_(round_up_pow2(slots < 2 ? 2 : slots) - 1), slots_(mask_ + 1), bytes_((mask_ + 1) * kMaxPacket) {}

void RetransmitBuffer::store(uint16_t sequence, BytesView packet, std::chrono::steady_clock::time_point now) {
  if (packet.size() > kMaxPacket) return;
  size_t i = sequence & mask_;
  Slot& s = slots_[i];
  s.used = true;
  s.sequence = sequence;
  s.size = static_cast<uint16_t>(packet.size());
  s.stored_at = now;
  std::memcpy(bytes_.data() + i * kMaxPacket, packet.data(), packet.size());
}

BytesView RetransmitBuffer::find(uint16_t sequence, std::chrono::steady_clock::time_point now) const {
  size_t i = sequence & mask_;
  const Slot& s = slots_[i];
  if (!s.used || s.sequence != sequence || now - s.stored_at > kMaxAge) return {};
  return BytesView(bytes_.data() + i * kMaxPacket, s.size);
}

}  // namespace zt::sfu
