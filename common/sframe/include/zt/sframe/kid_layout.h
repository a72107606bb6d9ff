// KID layout for MLS senders (RFC 9605 §5.2):
//   KID = (context << (S + E)) | (sender_index << E) | (epoch mod 2^E)
// S is the smallest value with group_size <= 2^S; E is set by the application.
#pragma once

#include <cstdint>

#include "zt/base/expected.h"
#include "zt/sframe/error.h"

namespace zt::sframe {

inline constexpr unsigned kDefaultEpochBits = 4;
inline constexpr unsigned kMaxEpochBits = 16;

struct KidFields {
  uint64_t context = 0;
  uint64_t sender_index = 0;
  uint64_t epoch_low = 0;  // epoch mod 2^E
};

class KidLayout {
 public:
  KidLayout(unsigned sender_bits, unsigned epoch_bits)
      : sender_bits_(sender_bits), epoch_bits_(epoch_bits) {}

  // Smallest S with group_size <= 2^S (0 for a group of one).
  static unsigned sender_bits_for(uint64_t group_size);

  unsigned sender_bits() const { return sender_bits_; }
  unsigned epoch_bits() const { return epoch_bits_; }

  // kInvalidArgument if sender_index or context does not fit its field.
  Expected<uint64_t, SFrameError> make(uint64_t context, uint64_t sender_index,
                                       uint64_t epoch) const;
  KidFields split(uint64_t kid) const;

 private:
  unsigned sender_bits_;
  unsigned epoch_bits_;
};

}  // namespace zt::sframe
