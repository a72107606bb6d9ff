#include "zt/crypto/secret_bytes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>

#include "secret_observer.h"

namespace zt::crypto {
namespace {

// Records whether each freed SecretBytes buffer (observed after the wipe and
// before free) still contained the marker byte.
struct FreedBuffers {
  static inline size_t freed = 0;
  static inline size_t dirty = 0;
  static void observe(const void* p, size_t n) {
    ++freed;
    const auto* b = static_cast<const uint8_t*>(p);
    if (std::any_of(b, b + n, [](uint8_t x) { return x != 0; })) ++dirty;
  }
};

class SecretBytesWipe : public ::testing::Test {
 protected:
  void SetUp() override {
    FreedBuffers::freed = FreedBuffers::dirty = 0;
    detail::set_freed_secret_observer(&FreedBuffers::observe);
  }
  void TearDown() override { detail::set_freed_secret_observer(nullptr); }
};

TEST_F(SecretBytesWipe, DestructionWipesBuffer) {
  { SecretBytes s(Bytes(64, 0xA5)); }
  EXPECT_EQ(FreedBuffers::freed, 1u);
  EXPECT_EQ(FreedBuffers::dirty, 0u);
}

TEST_F(SecretBytesWipe, ReassignmentAndMoveWipe) {
  SecretBytes a(Bytes(32, 0x11));
  SecretBytes b(Bytes(32, 0x22));
  a = b;  // copy-assign reuses a's buffer: nothing freed yet
  SecretBytes c(Bytes(48, 0x33));
  a = std::move(c);  // a's old buffer is freed
  EXPECT_TRUE(c.empty());
  SecretBytes d(std::move(b));
  EXPECT_TRUE(b.empty());
  a.wipe();
  EXPECT_GE(FreedBuffers::freed, 2u);
  EXPECT_EQ(FreedBuffers::dirty, 0u);
  EXPECT_EQ(d, SecretBytes(Bytes(32, 0x22)));
}

TEST(SecretBytes, ConstantTimeEquality) {
  EXPECT_EQ(SecretBytes(Bytes{1, 2, 3}), SecretBytes(Bytes{1, 2, 3}));
  EXPECT_FALSE(SecretBytes(Bytes{1, 2, 3}) == SecretBytes(Bytes{1, 2, 4}));
  EXPECT_FALSE(SecretBytes(Bytes{1, 2, 3}) == SecretBytes(Bytes{1, 2}));
  EXPECT_TRUE(constant_time_equal(Bytes{}, Bytes{}));
}

template <class T>
concept Streamable = requires(std::ostream& os, const T& t) {
  os << t;
};

TEST(SecretBytes, CannotBeStreamed) {
  static_assert(!Streamable<SecretBytes>);
  static_assert(Streamable<int>);
  static_assert(kIsSecret<SecretBytes>);
  static_assert(!kIsSecret<Bytes>);
  SUCCEED();
}

}  // namespace
}  // namespace zt::crypto
