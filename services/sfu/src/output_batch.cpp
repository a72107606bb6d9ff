#include "output_batch.h"

namespace zt::sfu {

OutputBatch::OutputBatch(size_t arena_bytes, size_t max_entries) : arena_(arena_bytes) {
  entries_.reserve(max_entries);
}

MutableBytesView OutputBatch::add(const Endpoint& dest, uint32_t group, size_t size) {
  size_t aligned = (size + 15) & ~size_t{15};
  if (arena_.size() - used_ < aligned || entries_.size() == entries_.capacity()) return {};
  entries_.push_back(OutEntry{dest, group, static_cast<uint32_t>(used_), static_cast<uint32_t>(size)});
  MutableBytesView out(arena_.data() + used_, size);
  used_ += aligned;
  return out;
}

void OutputBatch::trim_last(size_t size) {
  if (!entries_.empty() && size <= entries_.back().size) entries_.back().size = static_cast<uint32_t>(size);
}

}  // namespace zt::sfu
