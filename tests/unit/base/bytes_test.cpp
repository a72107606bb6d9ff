#include "zt/base/bytes.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace zt {
namespace {

TEST(Bytes, HexRoundTrip) {
  Bytes b = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(to_hex(b), "0001abff");
  EXPECT_EQ(from_hex("0001ABff"), b);
  EXPECT_TRUE(from_hex("").empty());
}

TEST(Bytes, HexRejectsOddLengthAndBadDigits) {
  EXPECT_THROW(from_hex("abc"), std::invalid_argument);
  EXPECT_THROW(from_hex("zz"), std::invalid_argument);
}

TEST(Bytes, Concat) {
  Bytes a = {1, 2};
  Bytes b = {3};
  EXPECT_EQ(concat(a, b), (Bytes{1, 2, 3}));
}

}  // namespace
}  // namespace zt
