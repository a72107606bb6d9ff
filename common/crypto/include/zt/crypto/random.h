// Randomness behind an interface, so tests can inject deterministic bytes.
#pragma once

#include "zt/base/bytes.h"

namespace zt::crypto {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `out` with random bytes; throws CryptoError if none are available.
  virtual void fill(MutableBytesView out) = 0;

  Bytes bytes(size_t n) {
    Bytes out(n);
    fill(out);
    return out;
  }
};

// OpenSSL's CSPRNG (RAND_bytes).
class SystemRandom final : public RandomSource {
 public:
  void fill(MutableBytesView out) override;
  static SystemRandom& instance();
};

}  // namespace zt::crypto
