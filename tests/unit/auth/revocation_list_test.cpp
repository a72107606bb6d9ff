#include "zt/auth/revocation_list.h"

#include <gtest/gtest.h>

namespace zt::auth {
namespace {

TEST(RevocationListTest, RevokedUntilTheRetentionHasPassed) {
  ManualClock clock;
  RevocationList list(clock);
  EXPECT_FALSE(list.revoked("dev-1"));
  list.revoke("dev-1");
  EXPECT_TRUE(list.revoked("dev-1"));
  EXPECT_FALSE(list.revoked("dev-2"));
  clock.advance(kRevocationRetention - std::chrono::seconds(1));
  EXPECT_TRUE(list.revoked("dev-1"));
  clock.advance(std::chrono::seconds(2));
  EXPECT_FALSE(list.revoked("dev-1"));  // no token lives that long
}

TEST(RevocationListTest, OldEntriesArePrunedSoTheListStaysBounded) {
  ManualClock clock;
  RevocationList list(clock);
  for (int i = 0; i < 1000; ++i) list.revoke("old-" + std::to_string(i));
  clock.advance(kRevocationRetention + std::chrono::seconds(1));
  for (int i = 0; i < 1100; ++i) list.revoke("new-" + std::to_string(i));
  EXPECT_LT(list.size(), 1500u);
  EXPECT_TRUE(list.revoked("new-0"));
  EXPECT_FALSE(list.revoked("old-0"));
}

}  // namespace
}  // namespace zt::auth
