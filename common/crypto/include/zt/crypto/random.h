// Randomness behind an interface, so tests can inject deterministic bytes.
#pragma once

#include <vector>

#include "zt/base/bytes.h"

namespace zt::crypto {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `out` with random bytes; throws CryptoError if none are available.
  virtual void fill(MutableBytesView out) = 0;
  // True when fill() may be called from several threads at once.
  virtual bool thread_safe() const { return false; }

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
  bool thread_safe() const override { return true; }  // RAND_bytes is
  static SystemRandom& instance();
};

// Deterministic bytes for tests and known-answer checks: serves the given
// chunks in order, each fill() taking exactly the next chunk (its length must
// match). Throws CryptoError(kInvalidInput) when exhausted or mismatched.
class FixedRandom final : public RandomSource {
 public:
  explicit FixedRandom(std::vector<Bytes> chunks) : chunks_(std::move(chunks)) {}
  void fill(MutableBytesView out) override;
  size_t remaining() const { return chunks_.size() - next_; }

 private:
  std::vector<Bytes> chunks_;
  size_t next_ = 0;
};

}  // namespace zt::crypto
