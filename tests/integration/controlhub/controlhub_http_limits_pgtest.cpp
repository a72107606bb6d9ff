// The REST listener's limits through the whole Control Hub: the options in
// ControlHubOptions.http reach the server, a client over the connection cap
// gets 503 while the held connection keeps working, and the connection
// metrics land in the app's registry next to the REST request metrics.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <set>
#include <string>
#include <thread>

#include "controlhub_fixture.h"
#include "zt/metrics/metrics.h"

namespace zt::controlhub::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// One keep-alive connection that the test holds open.
class HeldConnection {
 public:
  explicit HeldConnection(int port) : socket_(io_) {
    socket_.connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  }
  int get(const std::string& target) {
    bhttp::request<bhttp::string_body> req{bhttp::verb::get, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    req.keep_alive(true);
    bhttp::write(socket_, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket_, buffer_, res);
    return static_cast<int>(res.result_int());
  }
  void close() { socket_.close(); }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

double counter(prometheus::Registry& r, const std::string& name, const std::string& label,
               const std::string& value) {
  return metrics::counter_family(r, name, "").Add({{label, value}}).Value();
}

class ControlHubHttpLimitsTest : public ControlHubTest {};

TEST_F(ControlHubHttpLimitsTest, OverTheCapIs503AndCountedInTheAppRegistry) {
  http::HttpServerOptions http_options;
  http_options.limits.max_connections = 1;
  prometheus::Registry registry;
  Replica capped(db_->uri(), clock_, dir_, nullptr, std::nullopt, http_options, &registry);

  HeldConnection held(capped.port());
  ASSERT_EQ(held.get("/healthz"), 200);
  Reply busy = http(capped.port(), "GET", "/healthz");
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.json()["code"], "unavailable") << busy.body;
  EXPECT_EQ(busy.headers["Retry-After"], "1");
  EXPECT_EQ(held.get("/healthz"), 200);  // the held connection still works
  EXPECT_EQ(counter(registry, "zt_controlhub_http_connections_rejected_total", "reason",
                    "max_connections"),
            1);

  // Once the held connection closes, the API answers again (a token request
  // goes all the way to PostgreSQL).
  held.close();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  Reply health;
  do {
    health = http(capped.port(), "GET", "/healthz");
    if (health.status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(health.status, 200);
  // The health check's own connection may not be released yet: retry a 503.
  Reply token;
  do {
    token =
        http(capped.port(), "POST", "/v1/oauth/token", "grant_type=client_credentials&client_id=x",
             {{"Content-Type", "application/x-www-form-urlencoded"}});
    if (token.status != 503) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(token.status, 401) << token.body;

  std::set<std::string> families;
  for (const auto& f : registry.Collect()) families.insert(f.name);
  EXPECT_TRUE(families.count("zt_controlhub_http_requests_total"));
  EXPECT_TRUE(families.count("zt_controlhub_http_connections_open"));
  EXPECT_TRUE(families.count("zt_controlhub_http_timeouts_total"));
}

}  // namespace
}  // namespace zt::controlhub::testing
