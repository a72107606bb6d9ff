// The last second of one publisher SSRC's packets, indexed by sequence
// number, so the SFU answers NACKs itself. Packets are kept at their real
// size in a byte ring sized for what the stream needs (a low simulcast
// layer needs far less than the top one); a packet whose bytes the ring has
// since overwritten is gone. Memory is allocated once, when the track is
// published.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "zt/base/bytes.h"

namespace zt::sfu {

class RetransmitBuffer {
 public:
  static constexpr size_t kMaxPacket = 1500;
  static constexpr std::chrono::nanoseconds kMaxAge = std::chrono::seconds(1);

  // Up to `slots` packets (rounded up to a power of two) in `bytes` bytes of
  // packet data (at least kMaxPacket).
  RetransmitBuffer(size_t slots, size_t bytes);

  void store(uint16_t sequence, BytesView packet, std::chrono::steady_clock::time_point now);
  // The packet with `sequence` if it is still held and not older than 1 s.
  BytesView find(uint16_t sequence, std::chrono::steady_clock::time_point now) const;
  // Bytes this buffer holds allocated (ring + slot table).
  size_t allocated_bytes() const { return ring_.size() + slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    bool used = false;
    uint16_t sequence = 0;
    uint16_t size = 0;
    uint64_t position = 0;  // where the packet starts, counted from the first byte ever stored
    std::chrono::steady_clock::time_point stored_at;
  };
  size_t mask_;
  std::vector<Slot> slots_;
  std::vector<uint8_t> ring_;
  uint64_t written_ = 0;  // bytes ever written (and skipped at the ring's end)
  size_t offset_ = 0;     // written_ % ring_.size(), kept without a division
};

}  // namespace zt::sfu
