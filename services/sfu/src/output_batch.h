// Where the router writes the datagrams it wants sent: one preallocated
// arena of bytes and a list of (destination, bytes) entries. The UDP worker
// drains it after each receive batch. Nothing here allocates after
// construction.
#pragma once

#include <cstdint>
#include <vector>

#include "endpoint.h"
#include "zt/base/bytes.h"

namespace zt::sfu {

struct OutEntry {
  Endpoint dest;
  uint32_t group = 0;   // destination key (transport slot): the sender groups by it
  uint32_t offset = 0;  // into the arena
  uint32_t size = 0;
};

class OutputBatch {
 public:
  OutputBatch(size_t arena_bytes, size_t max_entries);

  // Room for one datagram of up to `size` bytes to `dest`; empty when full.
  MutableBytesView add(const Endpoint& dest, uint32_t group, size_t size);
  // Shrinks the last added datagram to `size` bytes.
  void trim_last(size_t size);

  bool nearly_full(size_t needed_bytes, size_t needed_entries) const {
    return arena_.size() - used_ < needed_bytes || entries_.capacity() - entries_.size() < needed_entries;
  }
  const std::vector<OutEntry>& entries() const { return entries_; }
  BytesView bytes(const OutEntry& e) const { return BytesView(arena_.data() + e.offset, e.size); }
  const uint8_t* data(const OutEntry& e) const { return arena_.data() + e.offset; }
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
