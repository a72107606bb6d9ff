#include "zt/sframe/kid_layout.h"

namespace zt::sframe {
namespace {

uint64_t low_mask(unsigned bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }
uint64_t shift_right(uint64_t v, unsigned bits) { return bits >= 64 ? 0 : v >> bits; }

}  // namespace

unsigned KidLayout::sender_bits_for(uint64_t group_size) {
  unsigned s = 0;
  while (s < 64 && (uint64_t{1} << s) < group_size) ++s;
  return s;
}

Expected<uint64_t, SFrameError> KidLayout::make(uint64_t context, uint64_t sender_index,
                                                uint64_t epoch) const {
  unsigned low = sender_bits_ + epoch_bits_;
  if (low > 64 || sender_index > low_mask(sender_bits_) || context > low_mask(64 - low)) {
    return unexpected(SFrameError::kInvalidArgument);
  }
  uint64_t kid = epoch & low_mask(epoch_bits_);
  if (sender_bits_ > 0) kid |= sender_index << epoch_bits_;
  if (low < 64) kid |= context << low;
  return kid;
}

KidFields KidLayout::split(uint64_t kid) const {
  KidFields f;
  f.epoch_low = kid & low_mask(epoch_bits_);
  f.sender_index = shift_right(kid, epoch_bits_) & low_mask(sender_bits_);
  f.context = shift_right(kid, sender_bits_ + epoch_bits_);
  return f;
}

}  // namespace zt::sframe
