// What the HTTP listener itself answers, over real loopback sockets: a
// request it cannot take is answered 4xx (not a silent close) and counted;
// an exception from the handler is answered 500 and counted, and the server
// keeps serving (GET /\xff once killed Control Hub).
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "test_client.h"
#include "zt/http/server.h"

namespace zt::http::testing {
namespace {

const char kRefused[] = "zt_test_http_requests_refused_total";
const char kUnhandled[] = "zt_test_http_unhandled_exceptions_total";

// The server's whole answer to `bytes` sent on a fresh connection.
struct RawAnswer {
  int status = 0;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

class HttpBadRequestsTest : public ::testing::Test {
 protected:
  void start(HttpHandler handler) {
    server_ =
        std::make_unique<HttpServer>("127.0.0.1:0", std::move(handler), test_options(), &registry_);
  }
  void start_static() { start(routes_.handler()); }

  RawAnswer send_raw(const std::string& bytes) {
    PlainClient client(server_->port());
    client.send(bytes);
    std::string received;
    EXPECT_TRUE(closed_by_peer(client.socket(), &received))
        << "the server kept the connection open";
    return parse(received);
  }
  static RawAnswer parse(const std::string& wire) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.eager(true);
    beast::error_code ec;
    parser.put(asio::buffer(wire), ec);
    if (ec || !parser.is_done()) {
      ADD_FAILURE() << "not one whole HTTP response: " << ec.message() << "\n" << wire;
      return {};
    }
    return {static_cast<int>(parser.get().result_int()), parser.get().body()};
  }
  bool still_serving() {
    PlainClient client(server_->port());
    return client.request("/healthz", /*keep_alive=*/false).result_int() == 200;
  }
  double bad_requests(const std::string& reason) {
    return counter_value(registry_, kRefused, "reason", reason);
  }

  TestRoutes routes_;
  prometheus::Registry registry_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpBadRequestsTest, RawNonAsciiByteInTheTargetIs400AndTheServerKeepsServing) {
  start_static();
  RawAnswer a = send_raw("GET /\xff HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(a.json()["code"], "invalid_argument") << a.body;
  EXPECT_EQ(bad_requests("invalid_target"), 1);
  EXPECT_EQ(send_raw("GET /doc.json?q=\x80 HTTP/1.1\r\nHost: localhost\r\n\r\n").status, 400);
  EXPECT_TRUE(still_serving());
}

TEST_F(HttpBadRequestsTest, HandlerExceptionIs500CountedAndTheConnectionGoesOn) {
  start([this](const HttpRequest& r) -> HttpResponse {
    if (r.path == "/throw") throw std::runtime_error("boom \xff");
    if (r.path == "/throw-int") throw 7;
    return routes_.handler()(r);
  });
  PlainClient client(server_->port());
  auto res = client.request("/throw", /*keep_alive=*/true);
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_EQ(nlohmann::json::parse(res.body())["code"], "internal");
  EXPECT_EQ(res.body().find("boom"), std::string::npos) << "an internal what() reached the client";
  EXPECT_EQ(client.request("/throw-int", /*keep_alive=*/true).result_int(), 500);
  EXPECT_EQ(client.request("/healthz", /*keep_alive=*/false).result_int(), 200);
  EXPECT_EQ(counter_value(registry_, kUnhandled, "site", "handler"), 2);
  EXPECT_EQ(counter_value(registry_, kUnhandled, "site", "connection"), 0);
}

TEST_F(HttpBadRequestsTest, HeadersOver8KiBAre431) {
  start_static();
  std::string under = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Pad: " +
                      std::string(7 * 1024, 'a') + "\r\n\r\n";
  EXPECT_EQ(send_raw(under).status, 200);
  std::string over =
      "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + std::string(9 * 1024, 'a') +
      "\r\n\r\n";
  RawAnswer a = send_raw(over);
  EXPECT_EQ(a.status, 431);
  EXPECT_EQ(a.json()["code"], "headers_too_large") << a.body;
  // Many small headers count the same as one big one.
  std::string many = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n";
  for (int i = 0; i < 600; ++i) many += "X-H" + std::to_string(i) + ": 0123456789\r\n";
  EXPECT_EQ(send_raw(many + "\r\n").status, 431);
  EXPECT_EQ(bad_requests("header_too_large"), 2);
  EXPECT_TRUE(still_serving());
}

TEST_F(HttpBadRequestsTest, MalformedFramingIs400NotASilentClose) {
  start_static();
  for (std::string bad :
       {"POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1x\r\n\r\n",
        "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: "
        "2\r\n\r\nab",
        "POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n",
        "GET /healthz HTTP/9.9\r\nHost: localhost\r\n\r\n", "GET\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nBad Header: x\r\n\r\n"}) {
    RawAnswer a = send_raw(bad);
    EXPECT_EQ(a.status, 400) << bad;
    if (a.status == 400) {
      EXPECT_EQ(a.json()["code"], "invalid_argument");
    }
  }
  EXPECT_EQ(bad_requests("malformed"), 6);
  EXPECT_TRUE(still_serving());
}

TEST_F(HttpBadRequestsTest, ChunkedBodyIs411WithoutBeingRead) {
  start_static();
  // The last chunk with a trailer that Beast 1.74 asserts on when it arrives in
  // pieces (found by fuzz_controlhub_http_request); sent one byte at a time.
  std::string request =
      "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
      "chunked\r\n\r\n0\r\n{\"a\":\r\n2\r\n1}\r\n0\r\n\r\n";
  PlainClient client(server_->port());
  for (char c : request) client.send(std::string(1, c));
  std::string received;
  EXPECT_TRUE(closed_by_peer(client.socket(), &received));
  RawAnswer a = parse(received);
  EXPECT_EQ(a.status, 411);
  EXPECT_EQ(a.json()["code"], "length_required") << a.body;
  EXPECT_EQ(bad_requests("chunked_body"), 1);
  EXPECT_TRUE(still_serving());
}

TEST_F(HttpBadRequestsTest, RequestCutShortByAHalfCloseIs400) {
  start_static();
  PlainClient client(server_->port());
  client.send("POST /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\nabc");
  client.socket().shutdown(tcp::socket::shutdown_send);
  std::string received;
  EXPECT_TRUE(closed_by_peer(client.socket(), &received));
  RawAnswer a = parse(received);
  EXPECT_EQ(a.status, 400);
  EXPECT_EQ(bad_requests("malformed"), 1);
}

TEST_F(HttpBadRequestsTest, ClientClosingWithoutARequestGetsNothing) {
  start_static();
  PlainClient quiet(server_->port());
  quiet.socket().shutdown(tcp::socket::shutdown_send);
  std::string received;
  EXPECT_TRUE(closed_by_peer(quiet.socket(), &received));
  EXPECT_EQ(received, "");
  EXPECT_EQ(bad_requests("malformed"), 0);
}

}  // namespace
}  // namespace zt::http::testing
