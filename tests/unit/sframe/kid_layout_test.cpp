#include "zt/sframe/kid_layout.h"

#include <gtest/gtest.h>

namespace zt::sframe {
namespace {

TEST(KidLayout, SenderBitsFromGroupSize) {
  EXPECT_EQ(KidLayout::sender_bits_for(1), 0u);
  EXPECT_EQ(KidLayout::sender_bits_for(2), 1u);
  EXPECT_EQ(KidLayout::sender_bits_for(40), 6u);
  EXPECT_EQ(KidLayout::sender_bits_for(64), 6u);
  EXPECT_EQ(KidLayout::sender_bits_for(65), 7u);
  EXPECT_EQ(KidLayout::sender_bits_for(1000), 10u);
}

// The example of RFC 9605 §5.2 (E=4, S=6).
TEST(KidLayout, MatchesRfcExample) {
  KidLayout l(6, 4);
  EXPECT_EQ(*l.make(0, 3, 14), 0x3eu);
  EXPECT_EQ(*l.make(0, 7, 14), 0x7eu);
  EXPECT_EQ(*l.make(0, 20, 14), 0x14eu);
  EXPECT_EQ(*l.make(0, 5, 15), 0x5fu);
  EXPECT_EQ(*l.make(2, 2, 16), 0x820u);
  EXPECT_EQ(*l.make(3, 2, 16), 0xc20u);
  EXPECT_EQ(*l.make(0, 33, 17), 0x211u);
  KidFields f = l.split(0xc20);
  EXPECT_EQ(f.context, 3u);
  EXPECT_EQ(f.sender_index, 2u);
  EXPECT_EQ(f.epoch_low, 0u);
}

TEST(KidLayout, RejectsFieldsThatDoNotFit) {
  KidLayout l(6, 4);
  EXPECT_FALSE(l.make(0, 64, 1));
  EXPECT_FALSE(l.make(uint64_t{1} << 54, 0, 1));
  EXPECT_TRUE(l.make((uint64_t{1} << 54) - 1, 63, 1));
}

}  // namespace
}  // namespace zt::sframe
