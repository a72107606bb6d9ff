#include "zt/base/number.h"

#include <gtest/gtest.h>

namespace zt {
namespace {

TEST(ParseIntTest, WholeDecimalTextOnly) {
  EXPECT_EQ(parse_int("0"), 0);
  EXPECT_EQ(parse_int("-42"), -42);
  EXPECT_EQ(parse_int("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(parse_int(""), std::nullopt);
  EXPECT_EQ(parse_int("12 "), std::nullopt);
  EXPECT_EQ(parse_int(" 12"), std::nullopt);
  EXPECT_EQ(parse_int("12x"), std::nullopt);
  EXPECT_EQ(parse_int("+1"), std::nullopt);
  EXPECT_EQ(parse_int("9223372036854775808"), std::nullopt);
  EXPECT_EQ(parse_int(std::string_view("1\0", 2)), std::nullopt);
}

TEST(ParseHostPortTest, LastColonSeparatesAndThePortIsInRange) {
  auto hp = parse_host_port("127.0.0.1:7004");
  ASSERT_TRUE(hp.has_value());
  EXPECT_EQ(hp->host, "127.0.0.1");
  EXPECT_EQ(hp->port, 7004);
  EXPECT_EQ(parse_host_port("[::1]:0")->host, "[::1]");
  EXPECT_EQ(parse_host_port("localhost:65535")->port, 65535);
  for (const char* bad : {"127.0.0.1", ":80", "h:", "h:65536", "h:-1", "h:+1", "h:80 ", "h:8o"}) {
    EXPECT_EQ(parse_host_port(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace zt
