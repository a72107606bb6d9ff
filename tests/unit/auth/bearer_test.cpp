#include "zt/auth/bearer.h"

#include <gtest/gtest.h>

namespace zt::auth {
namespace {

TEST(BearerTokenTest, SchemeAnyCaseOneSpaceThenTheToken) {
  EXPECT_EQ(bearer_token("Bearer abc.def.ghi"), "abc.def.ghi");
  EXPECT_EQ(bearer_token("bearer abc"), "abc");
  EXPECT_EQ(bearer_token("BEARER abc"), "abc");
}

TEST(BearerTokenTest, AnythingElseIsNotABearerCredential) {
  for (const char* bad : {"", "Bearer", "Bearer ", "Basic dXNlcjpwdw==", "Bearerabc", "Bearer  abc",
                          "Bearer abc def", "Bearer abc\n", "Token abc"}) {
    EXPECT_EQ(bearer_token(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace zt::auth
