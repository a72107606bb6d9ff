// The REST listener over HTTPS (controlhub.http_tls_cert_file/key_file) and
// over plain HTTP, against the real static routes.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

#include "assets.h"
#include "http_server.h"
#include "rest_api.h"
#include "router.h"
#include "zt/metrics/metrics.h"
#include "zt/testing/env.h"

namespace zt::controlhub {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

std::string testdata(const std::string& name) {
  return zt::testing::require_env("ZT_SOURCE_DIR") + "/tests/unit/chassis/testdata/" + name;
}

HttpServerOptions test_tls() { return {{testdata("server.pem"), testdata("server.key")}, {}}; }

double tls_failures(prometheus::Registry& registry, const std::string& reason) {
  return metrics::counter_family(registry, "zt_controlhub_http_tls_handshake_failures_total", "")
      .Add({{"reason", reason}})
      .Value();
}

// Serves the real public routes (/, /v1/openapi.json, /healthz).
class StaticRoutes {
 public:
  StaticRoutes() { add_static_routes(router_); }
  HttpHandler handler() {
    return [this](const HttpRequest& req) {
      RouteMatch m = router_.match(req.method, req.path);
      if (!m.route) return HttpResponse{404, {}, "not found"};
      RequestContext ctx{req, m.params, std::nullopt};
      return m.route->handler(ctx);
    };
  }

 private:
  Router router_;
};

http::request<http::string_body> get(const std::string& target, bool keep_alive) {
  http::request<http::string_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "localhost");
  req.keep_alive(keep_alive);
  return req;
}

// A client that verifies the server against the test CA and the name "localhost".
class TlsClient {
 public:
  explicit TlsClient(int port) : ctx_(asio::ssl::context::tls_client), stream_(io_, ctx_) {
    ctx_.load_verify_file(testdata("ca.pem"));
    stream_.set_verify_mode(asio::ssl::verify_peer);
    stream_.set_verify_callback(asio::ssl::host_name_verification("localhost"));
    stream_.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)));
  }
  void handshake() { stream_.handshake(asio::ssl::stream_base::client); }
  http::response<http::string_body> request(const std::string& target, bool keep_alive) {
    http::write(stream_, get(target, keep_alive));
    http::response<http::string_body> res;
    http::read(stream_, buffer_, res);
    return res;
  }
  asio::ssl::stream<tcp::socket>& stream() { return stream_; }

 private:
  asio::io_context io_;
  asio::ssl::context ctx_;
  asio::ssl::stream<tcp::socket> stream_;
  beast::flat_buffer buffer_;
};

TEST(HttpTlsTest, ServesOpenApiOverHttpsWithKeepAlive) {
  StaticRoutes routes;
  prometheus::Registry registry;
  HttpServer server("127.0.0.1:0", routes.handler(), test_tls(), &registry);
  ASSERT_TRUE(server.tls());
  TlsClient client(server.port());
  client.handshake();
  auto first = client.request("/v1/openapi.json", /*keep_alive=*/true);
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_EQ(first[http::field::content_type], "application/json");
  EXPECT_EQ(first.body(), std::string(openapi_json()));
  EXPECT_TRUE(first.keep_alive());
  // Same TLS connection, second request; the server closes after it.
  auto second = client.request("/healthz", /*keep_alive=*/false);
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_EQ(second.body(), R"({"status":"ok"})");
  EXPECT_FALSE(second.keep_alive());
  beast::error_code ec;
  client.stream().shutdown(ec);  // server answers close_notify
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_EQ(tls_failures(registry, "error"), 0);
}

TEST(HttpTlsTest, PlainHttpToTlsPortFailsAndServerKeepsServing) {
  StaticRoutes routes;
  prometheus::Registry registry;
  HttpServer server("127.0.0.1:0", routes.handler(), test_tls(), &registry);
  {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(server.port())));
    http::write(socket, get("/v1/openapi.json", false));
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    beast::error_code ec;
    http::read(socket, buffer, res, ec);
    EXPECT_TRUE(ec) << "plain HTTP got a response from the HTTPS port: " << res.result_int();
  }
  // The failure is counted (the server thread may still be finishing it).
  for (int i = 0; i < 500 && tls_failures(registry, "error") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(tls_failures(registry, "error"), 1);
  EXPECT_EQ(tls_failures(registry, "timeout"), 0);
  // That connection only: HTTPS still works.
  TlsClient client(server.port());
  client.handshake();
  EXPECT_EQ(client.request("/healthz", false).result_int(), 200);
}

TEST(HttpTlsTest, ClientNotTrustingTheCaIsRejected) {
  StaticRoutes routes;
  HttpServer server("127.0.0.1:0", routes.handler(), test_tls());
  asio::io_context io;
  asio::ssl::context ctx(asio::ssl::context::tls_client);  // no trust anchors
  asio::ssl::stream<tcp::socket> stream(io, ctx);
  stream.set_verify_mode(asio::ssl::verify_peer);
  stream.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(server.port())));
  beast::error_code ec;
  stream.handshake(asio::ssl::stream_base::client, ec);
  EXPECT_TRUE(ec);
}

TEST(HttpTlsTest, PlainHttpWithoutTlsConfig) {
  StaticRoutes routes;
  HttpServer server("127.0.0.1:0", routes.handler());
  EXPECT_FALSE(server.tls());
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(server.port())));
  beast::flat_buffer buffer;
  for (bool keep_alive : {true, false}) {
    http::write(socket, get("/v1/openapi.json", keep_alive));
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), std::string(openapi_json()));
  }
}

TEST(HttpTlsTest, RejectsHalfSetOrMismatchedTlsFiles) {
  StaticRoutes routes;
  EXPECT_THROW(HttpServer("127.0.0.1:0", routes.handler(), {{testdata("server.pem"), ""}, {}}), std::runtime_error);
  EXPECT_THROW(HttpServer("127.0.0.1:0", routes.handler(), {{"", testdata("server.key")}, {}}), std::runtime_error);
  // The client key does not match the server certificate.
  EXPECT_THROW(HttpServer("127.0.0.1:0", routes.handler(), {{testdata("server.pem"), testdata("client.key")}, {}}),
               std::runtime_error);
  try {
    HttpServer("127.0.0.1:0", routes.handler(), {{testdata("server.pem"), "/nonexistent/zt-key.pem"}, {}});
    ADD_FAILURE() << "missing key file accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/zt-key.pem"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace zt::controlhub
