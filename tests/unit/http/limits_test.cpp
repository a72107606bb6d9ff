// The HTTP listener's deadlines and connection cap, set through the
// test.http_* config keys, over real loopback sockets: a silent, slow
// or stalled client is closed in the phase it stalls in (and counted), while
// other clients are served; over the cap a client is answered 503.
#include <gtest/gtest.h>

#include <future>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "test_client.h"
#include "zt/config/config.h"
#include "zt/http/config.h"
#include "zt/http/server.h"

namespace zt::http::testing {
namespace {

const char kTimeouts[] = "zt_test_http_timeouts_total";
const char kRejected[] = "zt_test_http_connections_rejected_total";
const char kTlsFailures[] = "zt_test_http_tls_handshake_failures_total";

// The listener options that these flags give, as a service named "test" would read them.
HttpServerOptions options_from_flags(std::vector<std::string> flags) {
  config::Schema schema;
  add_http_config_keys(schema, "test", "127.0.0.1:0");
  std::vector<const char*> argv{"zt-test"};
  for (const auto& f : flags) argv.push_back(f.c_str());
  return http_server_options(config::load(schema, static_cast<int>(argv.size()), argv.data(),
                                          std::map<std::string, std::string>{}),
                             "test");
}

class HttpLimitsTest : public ::testing::Test {
 protected:
  void start(std::vector<std::string> flags, bool tls = false) {
    if (tls) {
      flags.push_back("--test.http_tls_cert_file=" + testdata("server.pem"));
      flags.push_back("--test.http_tls_key_file=" + testdata("server.key"));
    }
    server_ = std::make_unique<HttpServer>("127.0.0.1:0", routes_.handler(),
                                           options_from_flags(flags), &registry_);
  }
  double timeouts(const std::string& phase) {
    return counter_value(registry_, kTimeouts, "phase", phase);
  }
  int port() const { return server_->port(); }

  TestRoutes routes_;
  prometheus::Registry registry_;
  std::unique_ptr<HttpServer> server_;
};

TEST(HttpConfigTest, DefaultsAndFlags) {
  HttpServerOptions d = options_from_flags({});
  EXPECT_FALSE(d.tls.enabled());
  EXPECT_EQ(d.limits.handshake_timeout, std::chrono::seconds(10));
  EXPECT_EQ(d.limits.header_timeout, std::chrono::seconds(10));
  EXPECT_EQ(d.limits.body_timeout, std::chrono::seconds(30));
  EXPECT_EQ(d.limits.idle_timeout, std::chrono::seconds(60));
  EXPECT_EQ(d.limits.write_timeout, std::chrono::seconds(30));
  EXPECT_EQ(d.limits.max_connections, 1024u);
  EXPECT_EQ(d.limits.max_connections_per_address, 64u);
  EXPECT_TRUE(d.rate_limit.paths.empty());
  EXPECT_EQ(d.rate_limit.per_second, 5);
  EXPECT_EQ(d.rate_limit.burst, 20);
  EXPECT_EQ(d.service, "test");
  HttpServerOptions o =
      options_from_flags({"--test.http_header_timeout_ms=250", "--test.http_idle_timeout_ms=1500",
                          "--test.http_max_connections=8"});
  EXPECT_EQ(o.limits.header_timeout, std::chrono::milliseconds(250));
  EXPECT_EQ(o.limits.idle_timeout, std::chrono::milliseconds(1500));
  EXPECT_EQ(o.limits.max_connections, 8u);
  EXPECT_EQ(o.limits.body_timeout, std::chrono::seconds(30));
  HttpServerOptions r =
      options_from_flags({"--test.http_max_connections_per_address=4",
                          "--test.http_rate_limited_paths=/v1/oauth/token, /v1/x,",
                          "--test.http_rate_limit_per_s=0.5", "--test.http_rate_limit_burst=7"});
  EXPECT_EQ(r.limits.max_connections_per_address, 4u);
  EXPECT_EQ(r.rate_limit.paths, (std::vector<std::string>{"/v1/oauth/token", "/v1/x"}));
  EXPECT_EQ(r.rate_limit.per_second, 0.5);
  EXPECT_EQ(r.rate_limit.burst, 7);
}

TEST(HttpConfigTest, NonPositiveLimitIsRejectedNamingTheKey) {
  for (std::string key : {"test.http_body_timeout_ms", "test.http_max_connections",
                          "test.http_max_connections_per_address", "test.http_rate_limit_per_s",
                          "test.http_rate_limit_burst"}) {
    try {
      options_from_flags({"--" + key + "=0"});
      ADD_FAILURE() << key << "=0 accepted";
    } catch (const config::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
    }
  }
}

TEST_F(HttpLimitsTest, SilentClientIsClosedAfterHeaderTimeoutWhileOthersAreServed) {
  start({"--test.http_header_timeout_ms=500"});
  PlainClient silent(port());
  for (int i = 0; i < 3; ++i) {
    PlainClient other(port());
    auto res = other.request("/healthz", /*keep_alive=*/false);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), R"({"status":"ok"})");
  }
  std::string received;
  EXPECT_TRUE(closed_by_peer(silent.socket(), &received));
  EXPECT_EQ(received, "");  // closed without an answer
  EXPECT_TRUE(eventually([&] { return timeouts("header") == 1; }));
  EXPECT_EQ(timeouts("body"), 0);
  EXPECT_EQ(timeouts("idle"), 0);
}

TEST_F(HttpLimitsTest, HeadersDrippedSlowlyAreClosedAtTheHeaderDeadline) {
  start({"--test.http_header_timeout_ms=400"});
  PlainClient slow(port());
  slow.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n");
  // One header line every 50 ms: each byte is on time, the whole is not.
  beast::error_code ec;
  auto deadline = std::chrono::steady_clock::now() + kBound;
  for (int i = 0; !ec && std::chrono::steady_clock::now() < deadline; ++i) {
    std::string line = "X-Drip-" + std::to_string(i) + ": x\r\n";
    asio::write(slow.socket(), asio::buffer(line), ec);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    pollfd p{slow.socket().native_handle(), POLLIN, 0};
    if (::poll(&p, 1, 0) > 0) break;  // the server closed (or answered)
  }
  EXPECT_TRUE(closed_by_peer(slow.socket()));
  EXPECT_TRUE(eventually([&] { return timeouts("header") == 1; }));
}

TEST_F(HttpLimitsTest, ClientStallingMidBodyIsClosed) {
  start({"--test.http_body_timeout_ms=300"});
  PlainClient stalled(port());
  stalled.send(
      "PUT /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
      "Content-Length: 100\r\n\r\n{\"partial\":");
  std::string received;
  EXPECT_TRUE(closed_by_peer(stalled.socket(), &received));
  EXPECT_EQ(received, "");
  EXPECT_TRUE(eventually([&] { return timeouts("body") == 1; }));
  EXPECT_EQ(timeouts("header"), 0);
  // A complete request with a body is still answered.
  PlainClient whole(port());
  whole.send(
      "PUT /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: "
      "2\r\n\r\n{}");
  std::string answer;
  EXPECT_TRUE(closed_by_peer(whole.socket(), &answer));
  EXPECT_EQ(answer.rfind("HTTP/1.1 ", 0), 0u) << answer;
}

TEST_F(HttpLimitsTest, IdleKeepAliveConnectionIsClosed) {
  start({"--test.http_idle_timeout_ms=300"});
  PlainClient client(port());
  auto res = client.request("/healthz", /*keep_alive=*/true);
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_TRUE(res.keep_alive());
  EXPECT_TRUE(closed_by_peer(client.socket()));
  EXPECT_TRUE(eventually([&] { return timeouts("idle") == 1; }));
  EXPECT_EQ(timeouts("header"), 0);
}

TEST_F(HttpLimitsTest, KeepAliveRequestsWithinTheIdleTimeoutAreServed) {
  start({"--test.http_idle_timeout_ms=5000"});
  PlainClient client(port());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(client.request("/healthz", /*keep_alive=*/true).result_int(), 200);
  EXPECT_EQ(client.request("/healthz", /*keep_alive=*/false).result_int(), 200);
  EXPECT_TRUE(closed_by_peer(client.socket()));
  EXPECT_EQ(timeouts("idle"), 0);
}

TEST_F(HttpLimitsTest, ClientThatNeverReadsItsAnswersIsClosedAtTheWriteDeadline) {
  start({"--test.http_write_timeout_ms=300"});
  asio::io_context io;
  tcp::socket reader(io);
  reader.open(tcp::v4());
  reader.set_option(
      asio::socket_base::receive_buffer_size(4096));  // small window: the server's writes block
  reader.connect(loopback(port()));
  // 300 pipelined requests for the 48 kB document, none of the answers read.
  std::string requests;
  for (int i = 0; i < 300; ++i) requests += "GET /doc.json HTTP/1.1\r\nHost: localhost\r\n\r\n";
  asio::write(reader, asio::buffer(requests));
  EXPECT_TRUE(eventually([&] { return timeouts("write") == 1; }));
  EXPECT_TRUE(closed_by_peer(reader));
  EXPECT_EQ(timeouts("header"), 0);
}

TEST_F(HttpLimitsTest, TlsClientThatNeverFinishesTheHandshakeIsClosedAndCounted) {
  start({"--test.http_handshake_timeout_ms=400"}, /*tls=*/true);
  PlainClient mute(port());  // TCP only: never sends a ClientHello
  TlsClient other(port());   // served meanwhile
  other.handshake();
  EXPECT_EQ(other.request("/healthz", /*keep_alive=*/true).result_int(), 200);
  EXPECT_TRUE(closed_by_peer(mute.socket()));
  EXPECT_TRUE(
      eventually([&] { return counter_value(registry_, kTlsFailures, "reason", "timeout") == 1; }));
  EXPECT_EQ(timeouts("handshake"), 1);
  EXPECT_EQ(counter_value(registry_, kTlsFailures, "reason", "error"), 0);
  EXPECT_EQ(other.request("/healthz", /*keep_alive=*/false).result_int(), 200);
}

TEST_F(HttpLimitsTest, OverTheCapIsAnswered503WhileOpenConnectionsWork) {
  start({"--test.http_max_connections=2"});
  PlainClient a(port()), b(port());
  EXPECT_EQ(a.request("/healthz", true).result_int(), 200);
  EXPECT_EQ(b.request("/healthz", true).result_int(), 200);
  {
    PlainClient third(port());
    auto res = third.request("/healthz", true);
    EXPECT_EQ(res.result_int(), 503);
    EXPECT_EQ(res[bhttp::field::retry_after], "1");
    EXPECT_FALSE(res.keep_alive());
    EXPECT_NE(res.body().find(R"("code":"unavailable")"), std::string::npos) << res.body();
    EXPECT_TRUE(closed_by_peer(third.socket()));
  }
  EXPECT_EQ(counter_value(registry_, kRejected, "reason", "max_connections"), 1);
  // The two open connections still work.
  EXPECT_EQ(a.request("/healthz", true).result_int(), 200);
  EXPECT_EQ(b.request("/healthz", true).result_int(), 200);
  // Once one closes, a new client is served again.
  a.socket().close();
  EXPECT_TRUE(eventually([&] {
    PlainClient next(port());
    return next.request("/healthz", false).result_int() == 200;
  }));
}

TEST_F(HttpLimitsTest, OverTheCapOverTlsIsAnswered503) {
  start({"--test.http_max_connections=1"}, /*tls=*/true);
  TlsClient held(port());
  held.handshake();
  EXPECT_EQ(held.request("/healthz", true).result_int(), 200);
  TlsClient refused(port());
  refused.handshake();
  auto res = refused.request("/healthz", true);
  EXPECT_EQ(res.result_int(), 503);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(counter_value(registry_, kRejected, "reason", "max_connections"), 1);
  EXPECT_EQ(held.request("/healthz", false).result_int(), 200);
}

TEST_F(HttpLimitsTest, StopClosesConnectionsWaitingOnLongTimeouts) {
  start({"--test.http_header_timeout_ms=600000", "--test.http_idle_timeout_ms=600000"});
  PlainClient silent(port());
  PlainClient idle(port());
  EXPECT_EQ(idle.request("/healthz", true).result_int(), 200);
  auto stopped = std::async(std::launch::async, [&] { server_->stop(); });
  EXPECT_EQ(stopped.wait_for(kBound), std::future_status::ready);
  EXPECT_TRUE(closed_by_peer(silent.socket()));
  EXPECT_TRUE(closed_by_peer(idle.socket()));
}

}  // namespace
}  // namespace zt::http::testing
