// Where the router writes the datagrams it wants sent: one preallocated
// arena of bytes and a list of entries. An entry is a head written into the
// arena, optionally followed by a tail that stays where it already is (the
// received packet: a forwarded RTP packet is its rewritten 12-byte fixed
// header plus the untouched rest, so the payload is never copied in user
// space and the kernel reads it from the one receive buffer for every
// destination). A tail must stay valid until the batch is sent or cleared:
// the UDP worker sends before it reuses its receive buffers. Nothing here
// allocates after construction.
#pragma once

#include <cstdint>
#include <vector>

#include "endpoint.h"
#include "zt/base/bytes.h"

namespace zt::sfu {

struct OutEntry {
  Endpoint dest;
  uint32_t group = 0;      // destination key (transport slot): the sender groups by it
  uint32_t offset = 0;     // of the head, into the arena
  uint32_t size = 0;       // head bytes
  uint32_t tail_size = 0;  // bytes at `tail`, sent right after the head
  const uint8_t* tail = nullptr;

  uint32_t datagram_size() const { return size + tail_size; }
};

class OutputBatch {
 public:
  OutputBatch(size_t arena_bytes, size_t max_entries);

  // Room for one datagram of up to `size` bytes to `dest`; empty when full.
  MutableBytesView add(const Endpoint& dest, uint32_t group, size_t size);
  // Room for the `head_size` first bytes of a datagram whose remaining bytes
  // are `tail` (not copied; see above); empty when full.
  // (Inline: the router calls it once per forwarded copy.)
  MutableBytesView add_with_tail(const Endpoint& dest, uint32_t group, size_t head_size, BytesView tail) {
    size_t aligned = (head_size + 15) & ~size_t{15};
    if (arena_.size() - used_ < aligned || entries_.size() == entries_.capacity()) return {};
    entries_.push_back(OutEntry{dest, group, static_cast<uint32_t>(used_), static_cast<uint32_t>(head_size),
                                static_cast<uint32_t>(tail.size()), tail.empty() ? nullptr : tail.data()});
    MutableBytesView out(arena_.data() + used_, head_size);
    used_ += aligned;
    return out;
  }
  // Shrinks the last added datagram's head to `size` bytes.
  void trim_last(size_t size);

  bool nearly_full(size_t needed_bytes, size_t needed_entries) const {
    return arena_.size() - used_ < needed_bytes || entries_.capacity() - entries_.size() < needed_entries;
  }
  const std::vector<OutEntry>& entries() const { return entries_; }
  BytesView head(const OutEntry& e) const { return BytesView(arena_.data() + e.offset, e.size); }
  BytesView tail(const OutEntry& e) const { return BytesView(e.tail, e.tail_size); }
  // The whole datagram, copied (tests and diagnostics; allocates).
  Bytes copy(const OutEntry& e) const;
  bool empty() const { return entries_.empty(); }
  void clear() {
    entries_.clear();
    used_ = 0;
  }

 private:
  std::vector<uint8_t> arena_;
  std::vector<OutEntry> entries_;
  size_t used_ = 0;
};

}  // namespace zt::sfu
