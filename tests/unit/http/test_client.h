// Shared by the HTTP listener tests: a small set of routes as a handler,
// the test TLS files, a verifying TLS client, a plain client, bounded waits
// and metric reads.
#pragma once

#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "zt/http/server.h"
#include "zt/metrics/metrics.h"
#include "zt/testing/env.h"

namespace zt::http::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// How long a test waits for something the server must do soon. Generous:
// the server's own timeouts in these tests are a fraction of a second.
constexpr std::chrono::seconds kBound{15};

inline std::string testdata(const std::string& name) {
  return zt::testing::require_env("ZT_SOURCE_DIR") + "/tests/unit/chassis/testdata/" + name;
}

inline HttpTlsOptions test_tls_files() { return {testdata("server.pem"), testdata("server.key")}; }

// The value of counter `name{label=value}` in `registry`.
inline double counter_value(prometheus::Registry& registry, const std::string& name,
                            const std::string& label, const std::string& value) {
  return metrics::counter_family(registry, name, "").Add({{label, value}}).Value();
}

// Polls `condition` until it holds or kBound passes.
inline bool eventually(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + kBound;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// A listener named "test": its metrics are zt_test_http_*.
inline HttpServerOptions test_options() {
  HttpServerOptions o;
  o.service = "test";
  return o;
}

// A JSON document large enough (48 kB) that unread answers fill the socket buffers.
inline const std::string& large_document() {
  static const std::string kDoc = [] {
    std::string doc = "{\"items\":[";
    for (int i = 0; i < 4000; ++i)
      doc += (i ? ",\"" : "\"") + std::string(8, static_cast<char>('a' + i % 26)) + "\"";
    return doc + "]}";
  }();
  return kDoc;
}

// The routes the listener tests use: GET /healthz (a small JSON answer),
// GET /doc.json (large_document()); anything else is 404.
class TestRoutes {
 public:
  HttpHandler handler() {
    return [](const HttpRequest& req) {
      if (req.method == "GET" && req.path == "/healthz") {
        return HttpResponse{200, {{"Content-Type", "application/json"}}, R"({"status":"ok"})"};
      }
      if (req.method == "GET" && req.path == "/doc.json") {
        return HttpResponse{200, {{"Content-Type", "application/json"}}, large_document()};
      }
      return HttpResponse{404, {}, "not found"};
    };
  }
};

inline bhttp::request<bhttp::string_body> get(const std::string& target, bool keep_alive) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::get, target, 11};
  req.set(bhttp::field::host, "localhost");
  req.keep_alive(keep_alive);
  return req;
}

inline tcp::endpoint loopback(int port) {
  return {asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)};
}

// True once the peer has closed `socket` (end of stream or reset), false if
// it is still open after kBound. Bytes read meanwhile go to `received`.
inline bool closed_by_peer(tcp::socket& socket, std::string* received = nullptr) {
  auto deadline = std::chrono::steady_clock::now() + kBound;
  char buf[4096];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{socket.native_handle(), POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    ssize_t n = ::recv(socket.native_handle(), buf, sizeof buf, 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
    if (received) received->append(buf, static_cast<size_t>(n));
  }
}

// A plain HTTP/1.1 client on one connection, from `source` (a loopback
// address such as 127.0.0.2, so a test can be several clients).
class PlainClient {
 public:
  explicit PlainClient(int port, const std::string& source = "127.0.0.1") : socket_(io_) {
    socket_.open(tcp::v4());
    socket_.bind(tcp::endpoint(asio::ip::make_address(source), 0));
    socket_.connect(loopback(port));
  }
  bhttp::response<bhttp::string_body> request(const std::string& target, bool keep_alive) {
    bhttp::write(socket_, get(target, keep_alive));
    bhttp::response<bhttp::string_body> res;
    bhttp::read(socket_, buffer_, res);
    return res;
  }
  void send(const std::string& bytes) { asio::write(socket_, asio::buffer(bytes)); }
  tcp::socket& socket() { return socket_; }

 private:
  asio::io_context io_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

// A client that verifies the server against the test CA and the name "localhost".
class TlsClient {
 public:
  explicit TlsClient(int port) : ctx_(asio::ssl::context::tls_client), stream_(io_, ctx_) {
    ctx_.load_verify_file(testdata("ca.pem"));
    stream_.set_verify_mode(asio::ssl::verify_peer);
    stream_.set_verify_callback(asio::ssl::host_name_verification("localhost"));
    stream_.next_layer().connect(loopback(port));
  }
  void handshake() { stream_.handshake(asio::ssl::stream_base::client); }
  bhttp::response<bhttp::string_body> request(const std::string& target, bool keep_alive) {
    bhttp::write(stream_, get(target, keep_alive));
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream_, buffer_, res);
    return res;
  }
  asio::ssl::stream<tcp::socket>& stream() { return stream_; }

 private:
  asio::io_context io_;
  asio::ssl::context ctx_;
  asio::ssl::stream<tcp::socket> stream_;
  beast::flat_buffer buffer_;
};

}  // namespace zt::http::testing
