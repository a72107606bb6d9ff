// The HTTP listener over HTTPS (test.http_tls_cert_file/key_file) and
// over plain HTTP.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "test_client.h"
#include "zt/http/server.h"

namespace zt::http::testing {
namespace {

HttpServerOptions test_tls() {
  HttpServerOptions o = test_options();
  o.tls = test_tls_files();
  return o;
}

double tls_failures(prometheus::Registry& registry, const std::string& reason) {
  return counter_value(registry, "zt_test_http_tls_handshake_failures_total", "reason", reason);
}

TEST(HttpTlsTest, ServesOpenApiOverHttpsWithKeepAlive) {
  TestRoutes routes;
  prometheus::Registry registry;
  HttpServer server("127.0.0.1:0", routes.handler(), test_tls(), &registry);
  ASSERT_TRUE(server.tls());
  TlsClient client(server.port());
  client.handshake();
  auto first = client.request("/doc.json", /*keep_alive=*/true);
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_EQ(first[bhttp::field::content_type], "application/json");
  EXPECT_EQ(first.body(), large_document());
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
  TestRoutes routes;
  prometheus::Registry registry;
  HttpServer server("127.0.0.1:0", routes.handler(), test_tls(), &registry);
  {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(loopback(server.port()));
    bhttp::write(socket, get("/doc.json", false));
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    beast::error_code ec;
    bhttp::read(socket, buffer, res, ec);
    EXPECT_TRUE(ec) << "plain HTTP got a response from the HTTPS port: " << res.result_int();
  }
  // The failure is counted (the server thread may still be finishing it).
  EXPECT_TRUE(eventually([&] { return tls_failures(registry, "error") > 0; }));
  EXPECT_EQ(tls_failures(registry, "error"), 1);
  EXPECT_EQ(tls_failures(registry, "timeout"), 0);
  // That connection only: HTTPS still works.
  TlsClient client(server.port());
  client.handshake();
  EXPECT_EQ(client.request("/healthz", false).result_int(), 200);
}

TEST(HttpTlsTest, ClientNotTrustingTheCaIsRejected) {
  TestRoutes routes;
  HttpServer server("127.0.0.1:0", routes.handler(), test_tls());
  asio::io_context io;
  asio::ssl::context ctx(asio::ssl::context::tls_client);  // no trust anchors
  asio::ssl::stream<tcp::socket> stream(io, ctx);
  stream.set_verify_mode(asio::ssl::verify_peer);
  stream.next_layer().connect(loopback(server.port()));
  beast::error_code ec;
  stream.handshake(asio::ssl::stream_base::client, ec);
  EXPECT_TRUE(ec);
}

TEST(HttpTlsTest, PlainHttpWithoutTlsConfig) {
  TestRoutes routes;
  HttpServer server("127.0.0.1:0", routes.handler());
  EXPECT_FALSE(server.tls());
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(loopback(server.port()));
  beast::flat_buffer buffer;
  for (bool keep_alive : {true, false}) {
    bhttp::write(socket, get("/doc.json", keep_alive));
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), large_document());
  }
}

TEST(HttpTlsTest, RejectsHalfSetOrMismatchedTlsFiles) {
  TestRoutes routes;
  EXPECT_THROW(HttpServer("127.0.0.1:0", routes.handler(), {{testdata("server.pem"), ""}, {}}),
               std::runtime_error);
  EXPECT_THROW(HttpServer("127.0.0.1:0", routes.handler(), {{"", testdata("server.key")}, {}}),
               std::runtime_error);
  // The client key does not match the server certificate.
  EXPECT_THROW(HttpServer("127.0.0.1:0", routes.handler(),
                          {{testdata("server.pem"), testdata("client.key")}, {}}),
               std::runtime_error);
  try {
    HttpServer("127.0.0.1:0", routes.handler(),
               {{testdata("server.pem"), "/nonexistent/zt-key.pem"}, {}});
    ADD_FAILURE() << "missing key file accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/zt-key.pem"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace zt::http::testing
