#include "zt/auth/base64url.h"

#include <gtest/gtest.h>

namespace zt::auth {
namespace {

TEST(Base64UrlTest, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64url_encode(as_bytes("")), "");
  EXPECT_EQ(base64url_encode(as_bytes("f")), "Zg");
  EXPECT_EQ(base64url_encode(as_bytes("fo")), "Zm8");
  EXPECT_EQ(base64url_encode(as_bytes("foo")), "Zm9v");
  EXPECT_EQ(base64url_encode(as_bytes("foobar")), "Zm9vYmFy");
  EXPECT_EQ(base64url_encode(Bytes{0xfb, 0xff}), "-_8");
}

TEST(Base64UrlTest, RoundTripsEveryLength) {
  Bytes data;
  for (int i = 0; i < 40; ++i) {
    auto back = base64url_decode(base64url_encode(data));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, data);
    data.push_back(static_cast<uint8_t>(i * 37));
  }
}

TEST(Base64UrlTest, RejectsPaddingBadCharsAndNonCanonicalTails) {
  EXPECT_FALSE(base64url_decode("Zg==").has_value());
  EXPECT_FALSE(base64url_decode("Zm+v").has_value());
  EXPECT_FALSE(base64url_decode("Z").has_value());
  EXPECT_FALSE(base64url_decode("Zh").has_value());  // low bits set
}

}  // namespace
}  // namespace zt::auth
