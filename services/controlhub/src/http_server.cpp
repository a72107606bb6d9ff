#include "http_server.h"

#include <boost/asio/ip/tcp.hpp>
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

}  // namespace

struct HttpServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  HttpHandler handler;
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
  void reap_finished();  // joins threads of closed connections; holds mu
};

void HttpServer::Impl::serve(tcp::socket& socket) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  while (!stopping) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    http::read(socket, buffer, parser, ec);
    if (ec == http::error::body_limit) {
      HttpResponse too_big{413, {{"Content-Type", "application/json"}},
                           R"({"code":"payload_too_large","message":"request body too large","field":null})"};
      http::write(socket, to_beast(too_big, 11, false), ec);
      break;
    }
    if (ec) break;
    const auto& req = parser.get();
    HttpResponse response = handler(to_request(req));
    bool keep_alive = req.keep_alive();
    http::write(socket, to_beast(response, req.version(), keep_alive), ec);
    if (ec || !keep_alive) break;
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

HttpServer::HttpServer(const std::string& address, HttpHandler handler) : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
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
