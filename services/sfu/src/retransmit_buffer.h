// The last second of one publisher SSRC's packets, indexed by sequence
// number, so the SFU answers NACKs itself. Memory is allocated once, when
// the track is published.
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

  // `slots` is rounded up to a power of two.
  explicit RetransmitBuffer(size_t slots);

  void store(uint16_t sequence, BytesView packet, std::chrono::steady_clock::time_point now);
  // The packet with `sequence` if it is still held and not older than 1 s.
  BytesView find(uint16_t sequence, std::chrono::steady_clock::time_point now) const;

 private:
  struct Slot {
    bool used = false;
    uint16_t sequence = 0;
    uint16_t size = 0;
    std::chrono::steady_clock::time_point stored_at;
  };
  size_t mask_;
  std::vector<Slot> slots_;
  std::vector<uint8_t> bytes_;
};

}  // namespace zt::sfu
