#include "zt/base/expected.h"

#include <gtest/gtest.h>

#include <string>

namespace zt {
namespace {

enum class ParseError { kTruncated, kBadVersion };

Expected<int, ParseError> parse(int x) {
  if (x < 0) return unexpected(ParseError::kTruncated);
  return x * 2;
}

TEST(Expected, ValueAndError) {
  auto ok = parse(21);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 42);
  auto bad = parse(-1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), ParseError::kTruncated);
}

TEST(Expected, VoidSpecialisation) {
  Expected<void, std::string> ok;
  EXPECT_TRUE(ok);
  Expected<void, std::string> bad = unexpected(std::string("no"));
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error(), "no");
}

}  // namespace
}  // namespace zt
