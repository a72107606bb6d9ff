#include "http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sys/socket.h>

#include "zt/log/log.h"

namespace zt::controlhub {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr size_t kMaxBodyBytes = 1 << 20;
constexpr size_t kMaxConnections = 1024;

HttpRequest to_request(const http::request<http::string_body>& in) {
  HttpRequest out;
  out.method = std::string(in.method_string());
  parse_target(std::string_view(in.target().data(), in.target().size()), out);
  for (const auto& field : in) {
    out.headers[std::string(field.name_string())] = std::string(field.value());
  }
  out.body = in.body();
  return out;
}

http::response<http::string_body> to_beast(const HttpResponse& in, unsigned version, bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(in.status), version};
  out.set(http::field::server, "zt-controlhub");
  for (const auto& [k, v] : in.headers) out.set(k, v);
  out.body() = in.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

// TLS 1.2 and later only; the certificate chain and key come from PEM files.
std::unique_ptr<asio::ssl::context> make_tls_context(const HttpTlsOptions& tls) {
  if (tls.cert_file.empty() || tls.key_file.empty()) {
    throw std::runtime_error("http tls: certificate file and key file must be set together");
  }
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                   asio::ssl::context::single_dh_use);
  beast::error_code ec;
  ctx->use_certificate_chain_file(tls.cert_file, ec);
  if (ec) throw std::runtime_error("http tls: cannot load certificate chain " + tls.cert_file);
  // Loading the key also checks it matches the certificate.
  ctx->use_private_key_file(tls.key_file, asio::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("http tls: cannot load private key " + tls.key_file);
  return ctx;
}

}  // namespace

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  HttpHandler handler;
  std::unique_ptr<asio::ssl::context> tls;  // null: plain HTTP
  std::atomic<uint64_t> tls_handshake_failures{0};
  std::atomic<bool> stopping{false};
  std::thread accept_thread;
  struct Connection {
    std::shared_ptr<tcp::socket> socket;
    std::thread thread;
    std::atomic<bool> done{false};
  };
  std::mutex mu;
  std::list<Connection> connections;

  void accept_loop();
  void serve(tcp::socket& socket);
  // The request loop for either transport. True if the server ended the
  // conversation (Connection: close, 413), false if the peer went away.
  template <class Stream>
  bool serve_requests(Stream& stream);
  void reap_finished();  // joins threads of closed connections; holds mu
};

template <class Stream>
bool HttpServer::Impl::serve_requests(Stream& stream) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  while (!stopping) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    http::read(stream, buffer, parser, ec);
    if (ec == http::error::body_limit) {
      HttpResponse too_big{413, {{"Content-Type", "application/json"}},
                           R"({"code":"payload_too_large","message":"request body too large","field":null})"};
      http::write(stream, to_beast(too_big, 11, false), ec);
      return !ec;
    }
    if (ec) return false;
    const auto& req = parser.get();
    HttpResponse response = handler(to_request(req));
    bool keep_alive = req.keep_alive();
    http::write(stream, to_beast(response, req.version(), keep_alive), ec);
    if (ec) return false;
    if (!keep_alive) return true;
  }
  return false;
}

void HttpServer::Impl::serve(tcp::socket& socket) {
  beast::error_code ec;
  if (!tls) {
    serve_requests(socket);
  } else {
    asio::ssl::stream<tcp::socket&> stream(socket, *tls);
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec) {
      tls_handshake_failures.fetch_add(1);
      log::warn("http tls handshake failed", {log::field("error", ec.message())});
    } else if (serve_requests(stream)) {
      stream.shutdown(ec);  // close_notify; returns once the peer answers or closes
    }
  }
  socket.shutdown(tcp::socket::shutdown_both, ec);
}

void HttpServer::Impl::reap_finished() {
  for (auto it = connections.begin(); it != connections.end();) {
    if (it->done) {
      it->thread.join();
      it = connections.erase(it);
    } else {
      ++it;
    }
  }
}

void HttpServer::Impl::accept_loop() {
  while (!stopping) {
    auto socket = std::make_shared<tcp::socket>(io);
    beast::error_code ec;
    acceptor.accept(*socket, ec);
    if (ec) {
      if (stopping) return;
      continue;
    }
    socket->set_option(tcp::no_delay(true), ec);
    std::lock_guard lock(mu);
    reap_finished();
    if (connections.size() >= kMaxConnections) {
      log::warn("http connection refused: too many open connections");
      socket->close(ec);
      continue;
    }
    Connection& conn = connections.emplace_back();
    conn.socket = socket;
    conn.thread = std::thread([this, &conn] {
      serve(*conn.socket);
      conn.done = true;
    });
  }
}

HttpServer::HttpServer(const std::string& address, HttpHandler handler, const HttpTlsOptions& tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  if (tls.enabled()) impl_->tls = make_tls_context(tls);
  size_t colon = address.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("http address must be host:port: " + address);
  try {
    tcp::endpoint ep(asio::ip::make_address(address.substr(0, colon)),
                     static_cast<unsigned short>(std::stoi(address.substr(colon + 1))));
    impl_->acceptor.open(ep.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + address + ": " + e.what());
  }
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept_thread = std::thread([this] { impl_->accept_loop(); });
}

HttpServer::~HttpServer() { stop(); }

bool HttpServer::tls() const { return impl_->tls != nullptr; }

uint64_t HttpServer::tls_handshake_failures() const { return impl_->tls_handshake_failures.load(); }

void HttpServer::stop() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  beast::error_code ec;
  impl_->acceptor.cancel(ec);
  ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
  impl_->acceptor.close(ec);
  if (impl_->accept_thread.joinable()) impl_->accept_thread.join();
  std::lock_guard lock(impl_->mu);
  for (auto& c : impl_->connections) c.socket->shutdown(tcp::socket::shutdown_both, ec);
  for (auto& c : impl_->connections) c.thread.join();
  impl_->connections.clear();
}

}  // namespace zt::controlhub
