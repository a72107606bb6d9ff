#include "output_batch.h"

namespace zt::sfu {

OutputBatch::OutputBatch(size_t arena_bytes, size_t max_entries) : arena_(arena_bytes) {
  entries_.reserve(max_entries);
}

MutableBytesView OutputBatch::add(const Endpoint& dest, uint32_t group, size_t size) {
  return add_with_tail(dest, group, size, {});
}

MutableBytesView OutputBatch::add_with_tail(const Endpoint& dest, uint32_t group, size_t head_size, BytesView tail) {
  size_t aligned = (head_size + 15) & ~size_t{15};
  if (arena_.size() - used_ < aligned || entries_.size() == entries_.capacity()) return {};
  entries_.push_back(OutEntry{dest, group, static_cast<uint32_t>(used_), static_cast<uint32_t>(head_size),
                              static_cast<uint32_t>(tail.size()), tail.empty() ? nullptr : tail.data()});
  MutableBytesView out(arena_.data() + used_, head_size);
  used_ += aligned;
  return out;
}

void OutputBatch::trim_last(size_t size) {
  if (!entries_.empty() && size <= entries_.back().size) entries_.back().size = static_cast<uint32_t>(size);
}

Bytes OutputBatch::copy(const OutEntry& e) const {
  Bytes b(head(e).begin(), head(e).end());
  b.insert(b.end(), e.tail, e.tail + e.tail_size);
  return b;
}

}  // namespace zt::sfu
