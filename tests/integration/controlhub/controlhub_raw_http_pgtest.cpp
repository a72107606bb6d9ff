// Raw HTTP an attacker can send without a token, through the whole Control
// Hub over a real socket: `GET /\xff HTTP/1.1` (a non-UTF-8 byte in a path no
// route matches) once terminated the process. Now it is a 400, and the REST
// API keeps answering. Token requests are rate limited per client address.
// Every answer carries the security headers; one with a secret is no-store.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "controlhub_fixture.h"
#include "zt/metrics/metrics.h"

namespace zt::controlhub::testing {
namespace {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// POST /v1/oauth/token from `source` (a loopback address); the status.
int token_status(int port, const std::string& source, const std::string& client_id,
                 const std::string& secret) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.open(tcp::v4());
  socket.bind(tcp::endpoint(asio::ip::make_address(source), 0));
  socket.connect(
      tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/v1/oauth/token", 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
  req.body() = "grant_type=client_credentials&client_id=" + client_id + "&client_secret=" + secret;
  req.keep_alive(false);
  req.prepare_payload();
  bhttp::write(socket, req);
  boost::beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(socket, buffer, res);
  return static_cast<int>(res.result_int());
}

class ControlHubRawHttpTest : public ControlHubTest {};

TEST_F(ControlHubRawHttpTest, NonUtf8ByteInAnUnknownPathIs400AndTheHubStaysUp) {
  for (std::string target : {"/\xff", "/v1/orgs/\xc3\x28/settings/calling", "/\x80?x=1"}) {
    Reply r = http(hub_->port(), "GET", target);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["code"], "invalid_argument");
  }
  // Percent-encoded, the same byte is a valid target: an unknown route is a
  // 404 in valid JSON.
  Reply encoded = http(hub_->port(), "GET", "/%ff");
  EXPECT_EQ(encoded.status, 404);
  EXPECT_EQ(encoded.json()["code"], "not_found");

  EXPECT_EQ(http(hub_->port(), "GET", "/healthz").status, 200);
  Reply settings = hub_->call("GET", settings_path("calling"), root_token_);
  EXPECT_EQ(settings.status, 200) << settings.body;
}

TEST_F(ControlHubRawHttpTest, TokenRequestsAreRateLimitedPerAddressWhileOtherAddressesGetTokens) {
  http::HttpServerOptions options;
  options.rate_limit = {{"/v1/oauth/token"}, /*per_second=*/0.001, /*burst=*/3};
  prometheus::Registry registry;
  Replica limited(db_->uri(), clock_, dir_, nullptr, std::nullopt, options, &registry);
  nlohmann::json boot = nlohmann::json::parse(std::ifstream(dir_ / "bootstrap-admin.json"));
  const std::string id = boot["clientId"], secret = boot["clientSecret"];

  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(token_status(limited.port(), "127.0.0.2", id, "wrong"), 401);
  EXPECT_EQ(token_status(limited.port(), "127.0.0.2", id, secret),
            429);  // even with the right secret
  EXPECT_EQ(token_status(limited.port(), "127.0.0.3", id, secret), 200);
  EXPECT_EQ(http(limited.port(), "GET", "/healthz").status, 200);  // other paths are not limited
  EXPECT_EQ(metrics::counter_family(registry, "zt_controlhub_http_requests_refused_total", "")
                .Add({{"reason", "rate_limited"}})
                .Value(),
            1);
}

TEST_F(ControlHubRawHttpTest, EveryAnswerCarriesTheSecurityHeadersAndThePagePolicyIsStrict) {
  for (const std::string& target : std::vector<std::string>{"/", "/healthz", "/v1/openapi.json",
                                                            "/nowhere", settings_path("calling")}) {
    Reply r = http(hub_->port(), "GET", target);
    EXPECT_EQ(r.headers["X-Frame-Options"], "DENY") << target;
    EXPECT_EQ(r.headers["X-Content-Type-Options"], "nosniff") << target;
    const std::string& csp = r.headers["Content-Security-Policy"];
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << target << ": " << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << target << ": " << csp;
  }
  Reply page = http(hub_->port(), "GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.headers["Content-Security-Policy"].find("script-src 'self'"), std::string::npos);
}

TEST_F(ControlHubRawHttpTest, AnswersWithAClientSecretOrATokenAreNoStore) {
  Reply device = hub_->call(
      "POST", "/v1/orgs/" + org_ + "/devices", root_token_,
      nlohmann::json{{"kind", "desktop"}, {"e2eeCapable", true}, {"displayName", "d"}}.dump());
  ASSERT_EQ(device.status, 201) << device.body;
  ASSERT_TRUE(device.json().contains("clientSecret"));
  EXPECT_EQ(device.headers["Cache-Control"], "no-store");
  Reply admin =
      hub_->call("POST", "/v1/orgs/" + org_ + "/admins", root_token_,
                 nlohmann::json{{"role", "read_only_admin"}, {"displayName", "a"}}.dump());
  ASSERT_EQ(admin.status, 201) << admin.body;
  EXPECT_EQ(admin.headers["Cache-Control"], "no-store");
  Reply token = http(
      hub_->port(), "POST", "/v1/oauth/token",
      "grant_type=client_credentials&client_id=" + device.json()["clientId"].get<std::string>() +
          "&client_secret=" + device.json()["clientSecret"].get<std::string>(),
      {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(token.status, 200) << token.body;
  EXPECT_EQ(token.headers["Cache-Control"], "no-store");
  // A plain read is not marked.
  EXPECT_EQ(hub_->call("GET", settings_path("calling"), root_token_).headers.count("Cache-Control"),
            0u);
}

}  // namespace
}  // namespace zt::controlhub::testing
