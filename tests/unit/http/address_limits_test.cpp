// Limits per client source over real loopback sockets (clients bind
// 127.0.0.2, 127.0.0.3, ... as distinct addresses): one address holding its
// maximum of connections is answered 503 while another address is served,
// and a rate-limited path answers 429 to one address while others go on.
// Also the source grouping (IPv6 /64) and the rate limiter's memory bound.
#include "zt/http/address_limits.h"

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_client.h"
#include "zt/http/server.h"

namespace zt::http::testing {
namespace {

const char kRejected[] = "zt_test_http_connections_rejected_total";
const char kRefused[] = "zt_test_http_requests_refused_total";

asio::ip::address ip(const char* text) { return asio::ip::make_address(text); }

TEST(SourceKeyTest, IPv4ByAddressIPv6ByPrefix) {
  EXPECT_EQ(source_key(ip("192.0.2.7")), ip("192.0.2.7"));
  EXPECT_NE(source_key(ip("192.0.2.7")), source_key(ip("192.0.2.8")));
  EXPECT_EQ(source_key(ip("::ffff:192.0.2.7")), ip("192.0.2.7"));
  EXPECT_EQ(source_key(ip("2001:db8:1:2::1")), source_key(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")));
  EXPECT_NE(source_key(ip("2001:db8:1:2::1")), source_key(ip("2001:db8:1:3::1")));
}

TEST(ConnectionsPerSourceTest, CapsEachSourceOnItsOwn) {
  ConnectionsPerSource c(2);
  EXPECT_TRUE(c.try_acquire(ip("10.0.0.1")));
  EXPECT_TRUE(c.try_acquire(ip("10.0.0.1")));
  EXPECT_FALSE(c.try_acquire(ip("10.0.0.1")));
  EXPECT_TRUE(c.try_acquire(ip("10.0.0.2")));
  c.release(ip("10.0.0.1"));
  EXPECT_EQ(c.open(ip("10.0.0.1")), 1u);
  EXPECT_TRUE(c.try_acquire(ip("10.0.0.1")));
}

TEST(RateLimiterTest, BurstThenRefillPerSource) {
  RateLimiter limiter({{"/token"}, /*per_second=*/2, /*burst=*/3});
  EXPECT_TRUE(limiter.applies_to("/token"));
  EXPECT_FALSE(limiter.applies_to("/token/x"));
  auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow(ip("10.0.0.1"), t0));
  EXPECT_FALSE(limiter.allow(ip("10.0.0.1"), t0));
  EXPECT_TRUE(limiter.allow(ip("10.0.0.2"), t0));  // another source has its own bucket
  EXPECT_TRUE(
      limiter.allow(ip("10.0.0.1"), t0 + std::chrono::milliseconds(500)));  // one token back
  EXPECT_FALSE(limiter.allow(ip("10.0.0.1"), t0 + std::chrono::milliseconds(500)));
  for (int i = 0; i < 3; ++i)
    EXPECT_TRUE(limiter.allow(ip("10.0.0.1"), t0 + std::chrono::seconds(60)));
  EXPECT_FALSE(
      limiter.allow(ip("10.0.0.1"), t0 + std::chrono::seconds(60)));  // never more than the burst
}

TEST(RateLimiterTest, MemoryIsBoundedAndFullBucketsAreDroppedFirst) {
  RateLimiter limiter({{"/token"}, /*per_second=*/1, /*burst=*/1});
  auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (uint32_t i = 0; i < RateLimiter::kMaxSources; ++i) {
    ASSERT_TRUE(limiter.allow(asio::ip::address_v4(0x0a000000u + i), t0));
  }
  // Every tracked source is still limited: a new one is refused, not tracked.
  EXPECT_FALSE(limiter.allow(ip("192.0.2.1"), t0));
  // Once the buckets have refilled they are dropped to make room.
  EXPECT_TRUE(limiter.allow(ip("192.0.2.1"), t0 + std::chrono::seconds(2)));
}

class AddressLimitsTest : public ::testing::Test {
 protected:
  void start(HttpServerOptions options) {
    options.service = "test";
    server_ = std::make_unique<HttpServer>("127.0.0.1:0", routes_.handler(), options, &registry_);
  }
  int port() const { return server_->port(); }

  TestRoutes routes_;
  prometheus::Registry registry_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(AddressLimitsTest, AnAddressAtItsConnectionCapIsRefusedWhileAnotherIsServed) {
  HttpServerOptions o;
  o.limits.max_connections_per_address = 3;
  start(o);
  std::vector<std::unique_ptr<PlainClient>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<PlainClient>(port(), "127.0.0.2"));
    ASSERT_EQ(held.back()->request("/healthz", /*keep_alive=*/true).result_int(), 200);
  }
  {
    PlainClient over(port(), "127.0.0.2");
    auto res = over.request("/healthz", true);
    EXPECT_EQ(res.result_int(), 503);
    EXPECT_EQ(res[bhttp::field::retry_after], "1");
    EXPECT_EQ(nlohmann::json::parse(res.body())["code"], "unavailable");
  }
  EXPECT_EQ(counter_value(registry_, kRejected, "reason", "max_connections_per_address"), 1);
  EXPECT_EQ(counter_value(registry_, kRejected, "reason", "max_connections"), 0);
  // A second client (another address) is still served, on several connections.
  PlainClient other1(port(), "127.0.0.3"), other2(port(), "127.0.0.3");
  EXPECT_EQ(other1.request("/healthz", true).result_int(), 200);
  EXPECT_EQ(other2.request("/healthz", true).result_int(), 200);
  // The held connections still work; once one closes, the first address gets one back.
  EXPECT_EQ(held[0]->request("/healthz", true).result_int(), 200);
  held[0]->socket().close();
  EXPECT_TRUE(eventually([&] {
    PlainClient again(port(), "127.0.0.2");
    return again.request("/healthz", false).result_int() == 200;
  }));
}

TEST_F(AddressLimitsTest, ARateLimitedPathAnswers429ToOneAddressWhileOthersGoOn) {
  HttpServerOptions o;
  o.rate_limit = {{"/healthz"}, /*per_second=*/0.001, /*burst=*/3};
  start(o);
  PlainClient noisy(port(), "127.0.0.2");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(noisy.request("/healthz", true).result_int(), 200);
  auto limited = noisy.request("/healthz?x=1", true);  // the query does not matter
  EXPECT_EQ(limited.result_int(), 429);
  EXPECT_EQ(limited[bhttp::field::retry_after], "1");
  EXPECT_EQ(nlohmann::json::parse(limited.body())["code"], "rate_limited");
  EXPECT_TRUE(limited.keep_alive());  // the request was read whole: the connection goes on
  EXPECT_EQ(noisy.request("/doc.json", true).result_int(), 200);  // other paths are not limited
  PlainClient fresh(port(), "127.0.0.2");  // a new connection does not reset the bucket
  EXPECT_EQ(fresh.request("/healthz", false).result_int(), 429);
  PlainClient other(port(), "127.0.0.3");
  EXPECT_EQ(other.request("/healthz", false).result_int(), 200);
  EXPECT_EQ(counter_value(registry_, kRefused, "reason", "rate_limited"), 2);
}

}  // namespace
}  // namespace zt::http::testing
