#include "output_batch.h"

namespace zt::sfu {

OutputBatch::OutputBatch(size_t arena_bytes, size_t max_entries) : arena_(arena_bytes) {
  entries_.reserve(max_entries);
}

MutableBytesView OutputBatch::add(const Endpoint& dest, uint32_t group, size_t size) {
  return add_with_tail(dest, group, size, {});
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
