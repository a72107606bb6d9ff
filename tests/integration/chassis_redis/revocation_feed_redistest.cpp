// Control Hub's revocations reach another service through Redis: a
// principal revoked before the service starts is known from the sorted set,
// one revoked later from the channel; entries past the retention are
// trimmed. Against a private redis-server, so the shared one keeps no
// revocation set of ours.
#include <gtest/gtest.h>

#include <thread>

#include "zt/server/revocation_feed.h"
#include "zt/testing/redis.h"

namespace zt::server {
namespace {

using namespace std::chrono_literals;

bool eventually_revoked(const auth::RevocationList& list, const std::string& subject) {
  for (int i = 0; i < 100; ++i) {
    if (list.revoked(subject)) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

TEST(RevocationFeedTest, EarlierRevocationsFromTheSetLaterOnesFromTheChannel) {
  testing::PrivateRedis server;
  redis::Options o;
  o.port = server.port();
  redis::Client ch(o);  // Control Hub's side
  publish_revocation(ch, "dev-before-start", SystemClock::instance());

  auth::RevocationList list(SystemClock::instance());
  RevocationFeed feed(o, list, SystemClock::instance());
  EXPECT_TRUE(list.revoked("dev-before-start"));
  EXPECT_FALSE(list.revoked("dev-still-fine"));

  publish_revocation(ch, "dev-after-start", SystemClock::instance());
  EXPECT_TRUE(eventually_revoked(list, "dev-after-start"));
  EXPECT_FALSE(list.revoked("dev-still-fine"));
}

TEST(RevocationFeedTest, EntriesPastTheRetentionAreTrimmedFromTheSet) {
  testing::PrivateRedis server;
  redis::Options o;
  o.port = server.port();
  redis::Client ch(o);
  ch.command({"ZADD", std::string(auth::kRevokedPrincipalsKey), "1000", "dev-long-ago"});
  publish_revocation(ch, "dev-now", SystemClock::instance());
  redis::Reply members =
      ch.command({"ZRANGE", std::string(auth::kRevokedPrincipalsKey), "0", "-1"});
  ASSERT_EQ(members.elements.size(), 1u);
  EXPECT_EQ(members.elements[0].str, "dev-now");
}

}  // namespace
}  // namespace zt::server
