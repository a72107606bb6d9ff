// Every response of the HTTP listener carries the security headers, over real
// loopback sockets: handler answers, 404s, the listener's own 400/431, and
// the 503 over the connection cap. A handler's own policy is kept.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "test_client.h"
#include "zt/http/server.h"

namespace zt::http::testing {
namespace {

const char kStrictPolicy[] = "default-src 'none'; frame-ancestors 'none'";

// The response head the server sends for `bytes` on a fresh connection.
std::string head_of(int port, const std::string& bytes) {
  PlainClient client(port);
  client.send(bytes);
  std::string received;
  EXPECT_TRUE(closed_by_peer(client.socket(), &received));
  return received.substr(0, received.find("\r\n\r\n") + 2);
}

void expect_security_headers(const std::string& head, const std::string& policy = kStrictPolicy) {
  EXPECT_NE(head.find("Content-Security-Policy: " + policy + "\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Frame-Options: DENY\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("Referrer-Policy: no-referrer\r\n"), std::string::npos) << head;
  EXPECT_EQ(head.find("unsafe-inline"), std::string::npos) << head;
}

class SecurityHeadersTest : public ::testing::Test {
 protected:
  void start(std::size_t max_connections = 1024) {
    HttpServerOptions o = test_options();
    o.limits.max_connections = max_connections;
    server_ = std::make_unique<HttpServer>(
        "127.0.0.1:0",
        [this](const HttpRequest& r) {
          if (r.path != "/page") return routes_.handler()(r);
          HttpResponse page{200, {{"Content-Type", "text/html"}}, "<p>page</p>"};
          page.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'";
          return page;
        },
        o, &registry_);
  }
  std::string get(const std::string& target) {
    return head_of(server_->port(),
                   "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }

  TestRoutes routes_;
  prometheus::Registry registry_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(SecurityHeadersTest, OnHandlerAnswersAndOnTheListenersOwnRefusals) {
  start();
  expect_security_headers(get("/healthz"));
  expect_security_headers(get("/nowhere"));
  std::string raw = head_of(server_->port(), "GET /\xff HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(raw.rfind("HTTP/1.1 400", 0), 0u) << raw;
  expect_security_headers(raw);
  std::string big =
      head_of(server_->port(), "GET / HTTP/1.1\r\nX: " + std::string(9000, 'a') + "\r\n\r\n");
  EXPECT_EQ(big.rfind("HTTP/1.1 431", 0), 0u) << big;
  expect_security_headers(big);
}

TEST_F(SecurityHeadersTest, AHandlersOwnPolicyIsKept) {
  start();
  std::string head = get("/page");
  expect_security_headers(head, "default-src 'self'; frame-ancestors 'none'");
  EXPECT_EQ(head.find("default-src 'none'"), std::string::npos) << head;  // not sent twice
}

TEST_F(SecurityHeadersTest, OnThe503OverTheCap) {
  start(/*max_connections=*/1);
  PlainClient held(server_->port());
  ASSERT_EQ(held.request("/healthz", /*keep_alive=*/true).result_int(), 200);
  std::string busy = get("/healthz");
  EXPECT_EQ(busy.rfind("HTTP/1.1 503", 0), 0u) << busy;
  expect_security_headers(busy);
}

}  // namespace
}  // namespace zt::http::testing
