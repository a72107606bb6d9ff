#include "zt/auth/media_grant.h"

#include <gtest/gtest.h>

namespace zt::auth {
namespace {

TEST(MediaGrantTest, RoundTrip) {
  MediaGrantClaims g{"m-1", "dev-1", 7,
                     std::chrono::system_clock::time_point(std::chrono::seconds(1900000000))};
  std::string json = media_grant_to_json(g);
  EXPECT_EQ(json, R"({"did":"dev-1","exp":1900000000,"leaf":7,"mtg":"m-1"})");
  auto back = parse_media_grant(json);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->meeting, "m-1");
  EXPECT_EQ(back->device, "dev-1");
  EXPECT_EQ(back->leaf_index, 7u);
  EXPECT_EQ(back->expires_at, g.expires_at);
}

TEST(MediaGrantTest, MissingOrMistypedClaimsAreMalformed) {
  for (const char* bad :
       {"", "[]", "{}", R"({"did":"d","exp":1,"leaf":1})",
        R"({"mtg":1,"did":"d","exp":1,"leaf":1})", R"({"mtg":"m","did":"d","exp":1,"leaf":-1})",
        R"({"mtg":"m","did":"d","exp":1,"leaf":4294967296})",
        R"({"mtg":"m","did":"d","exp":"soon","leaf":1})",
        R"({"mtg":"m","did":"d","exp":-5,"leaf":1})", R"({"mtg":"m","exp":1,"leaf":1})"}) {
    auto r = parse_media_grant(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, AuthErrorCode::kMalformed) << bad;
  }
}

}  // namespace
}  // namespace zt::auth
