// Redis client and subscriber against the shared test server, and against a
// private redis-server restarted under them.
#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>

#include "zt/redis/client.h"
#include "zt/testing/env.h"
#include "zt/testing/redis.h"

namespace zt::redis {
namespace {

Options shared_server() {
  Options o;
  o.host = zt::testing::require_env("ZT_TEST_REDIS_HOST");
  o.port = std::stoi(zt::testing::require_env("ZT_TEST_REDIS_PORT"));
  return o;
}

Options private_server(const zt::testing::PrivateRedis& r) {
  Options o;
  o.port = r.port();
  return o;
}

// Collects (channel, message) pairs delivered on the subscriber thread.
class Inbox {
 public:
  Subscriber::Handler handler() {
    return [this](const std::string& channel, const std::string& message) {
      std::lock_guard lock(mu_);
      got_.emplace_back(channel, message);
      cv_.notify_all();
    };
  }
  bool wait_for(const std::string& message, std::chrono::seconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] {
      for (const auto& m : got_) {
        if (m.second == message) return true;
      }
      return false;
    });
  }
  std::vector<std::pair<std::string, std::string>> messages() {
    std::lock_guard lock(mu_);
    return got_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::pair<std::string, std::string>> got_;
};

std::string unique(const std::string& base) {
  return base + "." + std::to_string(::getpid()) + "." +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

TEST(RedisTest, CommandsRoundTripBinarySafe) {
  Client c(shared_server());
  const std::string key = unique("zt.test.key");
  const std::string value("a\0b\r\nc", 6);
  EXPECT_EQ(c.command({"SET", key, value}).kind, Reply::Kind::kStatus);
  Reply got = c.command({"GET", key});
  EXPECT_EQ(got.kind, Reply::Kind::kString);
  EXPECT_EQ(got.str, value);
  EXPECT_EQ(c.command({"DEL", key}).integer, 1);
  EXPECT_EQ(c.command({"GET", key}).kind, Reply::Kind::kNil);
  EXPECT_EQ(c.command({"NO_SUCH_COMMAND"}).kind, Reply::Kind::kError);
  EXPECT_EQ(c.command({"RPUSH", key, "x", "y"}).integer, 2);
  Reply list = c.command({"LRANGE", key, "0", "-1"});
  ASSERT_EQ(list.elements.size(), 2u);
  EXPECT_EQ(list.elements[1].str, "y");
  c.command({"DEL", key});
}

TEST(RedisTest, SubscriberReceivesPublishedMessages) {
  const std::string channel = unique("zt.test.chan");
  Inbox inbox;
  Subscriber sub(shared_server(), {channel}, inbox.handler());
  ASSERT_TRUE(sub.wait_subscribed(1, std::chrono::seconds(5)));
  Client c(shared_server());
  EXPECT_EQ(c.publish(channel, "hello"), 1);
  ASSERT_TRUE(inbox.wait_for("hello", std::chrono::seconds(5)));
  EXPECT_EQ(inbox.messages().front().first, channel);
}

TEST(RedisTest, ClientFailsClearlyWhenServerIsDown) {
  Options o;
  o.port = zt::testing::free_port();
  Client c(o);
  try {
    c.command({"PING"});
    ADD_FAILURE() << "PING succeeded with no server";
  } catch (const RedisError& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(o.port)), std::string::npos);
  }
}

TEST(RedisTest, ClientAndSubscriberSurviveARestart) {
  zt::testing::PrivateRedis server;
  Client c(private_server(server));
  Inbox inbox;
  Subscriber sub(private_server(server), {"zt.events"}, inbox.handler());
  ASSERT_TRUE(sub.wait_subscribed(1, std::chrono::seconds(5)));
  EXPECT_EQ(c.publish("zt.events", "before"), 1);
  ASSERT_TRUE(inbox.wait_for("before", std::chrono::seconds(5)));

  server.stop();
  EXPECT_THROW(c.command({"PING"}), RedisError);
  server.start();

  EXPECT_EQ(c.command({"PING"}).str, "PONG");  // same client, reconnected
  ASSERT_TRUE(sub.wait_subscribed(2, std::chrono::seconds(10)));
  EXPECT_EQ(c.publish("zt.events", "after"), 1);
  ASSERT_TRUE(inbox.wait_for("after", std::chrono::seconds(5)));
  EXPECT_EQ(inbox.messages().size(), 2u);
}

}  // namespace
}  // namespace zt::redis
