// Sliding anti-replay window over SFrame CTR values of one KID (RFC 9605
// §9.4, §7.5): accepts a CTR newer than any seen, or one of the last kSize
// not yet seen. Check before decrypting, accept only after authentication.
#pragma once

#include <cstdint>

namespace zt::sframe {

class ReplayWindow {
 public:
  static constexpr uint64_t kSize = 64;

  bool check(uint64_t ctr) const {
    if (!any_ || ctr > highest_) return true;
    uint64_t age = highest_ - ctr;
    return age < kSize && (seen_ & (uint64_t{1} << age)) == 0;
  }

  void accept(uint64_t ctr) {
    if (!any_) {
      any_ = true;
      highest_ = ctr;
      seen_ = 1;
    } else if (ctr > highest_) {
      uint64_t shift = ctr - highest_;
      seen_ = shift >= kSize ? 1 : (seen_ << shift) | 1;
      highest_ = ctr;
    } else if (highest_ - ctr < kSize) {
      seen_ |= uint64_t{1} << (highest_ - ctr);
    }
  }

 private:
  bool any_ = false;
  uint64_t highest_ = 0;
  uint64_t seen_ = 0;  // bit i: highest_ - i was accepted
};

}  // namespace zt::sframe
