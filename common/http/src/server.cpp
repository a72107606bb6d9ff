#include "zt/http/server.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <list>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include "connection.h"
#include "rejection.h"
#include "zt/base/number.h"
#include "zt/http/address_limits.h"
#include "zt/http/server_metrics.h"
#include "zt/log/log.h"

namespace zt::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

// Refusals answered at once; past that an over-cap connection is just closed.
constexpr int kMaxRefusalsInFlight = 64;
constexpr std::chrono::milliseconds kAcceptRetry{100};

// TLS 1.2 and later only; the certificate chain and key come from PEM files.
std::unique_ptr<asio::ssl::context> make_tls_context(const HttpTlsOptions& tls) {
  if (tls.cert_file.empty() || tls.key_file.empty()) {
    throw std::runtime_error("http tls: certificate file and key file must be set together");
  }
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  beast::error_code ec;
  ctx->use_certificate_chain_file(tls.cert_file, ec);
  if (ec) throw std::runtime_error("http tls: cannot load certificate chain " + tls.cert_file);
  // Loading the key also checks it matches the certificate.
  ctx->use_private_key_file(tls.key_file, asio::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("http tls: cannot load private key " + tls.key_file);
  return ctx;
}

tcp::endpoint parse_address(const std::string& address) {
  auto hp = parse_host_port(address);
  if (!hp) throw std::runtime_error("http address must be host:port: " + address);
  return {asio::ip::make_address(hp->host), hp->port};
}

}  // namespace

std::string server_name(const HttpServerOptions& options) {
  return options.service.empty() ? "zt" : "zt-" + options.service;
}

// Declaration order matters: `io` (and the refusals it owns) goes before the
// state they reference.
struct HttpServer::Impl {
  HttpHandler handler;
  HttpServerOptions options;
  std::unique_ptr<asio::ssl::context> tls;  // null: plain HTTP
  std::unique_ptr<prometheus::Registry> own_registry;
  std::optional<HttpServerMetrics> metrics;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> open{0};  // connections being served
  std::optional<ConnectionsPerSource> per_source;
  std::optional<RateLimiter> rate_limiter;
  int refusals_in_flight = 0;   // accept thread only
  bool accept_pending = false;  // accept thread only: an accept (or its retry) is outstanding
  struct Connection {
    std::unique_ptr<HttpConnection> conn;
    std::thread thread;
    std::atomic<bool> done{false};
  };
  std::mutex mu;
  std::list<Connection> connections;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  std::thread accept_thread;

  // Runs `io` until stop(); an exception from a handler on it (accepting,
  // refusing) is counted and the loop goes on.
  void run_accept_loop();
  void accept_next();
  void on_accept(tcp::socket socket);
  // Answers 503 (counted under `reason`) and closes.
  void refuse(tcp::socket socket, const char* reason);
  void reap_finished();  // joins threads of closed connections; holds mu
};

void HttpServer::Impl::run_accept_loop() {
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      log::error("http accept loop failed", {log::field("error", e.what())});
    } catch (...) {
      log::error("http accept loop failed with a non-exception");
    }
    metrics->count_unhandled_exception(ExceptionSite::kAccept);
    if (stopping) return;
    if (acceptor.is_open() && !accept_pending) accept_next();
  }
}

void HttpServer::Impl::accept_next() {
  accept_pending = true;
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    accept_pending = false;
    if (stopping || !acceptor.is_open()) return;
    if (!ec) {
      on_accept(std::move(socket));
      return accept_next();
    }
    // Out of descriptors or similar: retry shortly rather than spin.
    log::warn("http accept failed", {log::field("error", ec.message())});
    accept_pending = true;  // the retry accepts
    accept_retry.expires_after(kAcceptRetry);
    accept_retry.async_wait([this](beast::error_code wait_ec) {
      accept_pending = false;
      if (!wait_ec && !stopping) accept_next();
    });
  });
}

void HttpServer::Impl::on_accept(tcp::socket socket) {
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  tcp::endpoint peer = socket.remote_endpoint(ec);
  if (ec) return;  // the peer is already gone
  if (open.load() >= options.limits.max_connections)
    return refuse(std::move(socket), "max_connections");
  SourceKey source = source_key(peer.address());
  if (!per_source->try_acquire(source))
    return refuse(std::move(socket), "max_connections_per_address");
  std::unique_ptr<HttpConnection> conn;
  try {
    conn =
        std::make_unique<HttpConnection>(std::move(socket), tls.get(), options, handler, *metrics,
                                         Client{source, rate_limiter ? &*rate_limiter : nullptr});
  } catch (const std::exception& e) {  // the peer is already gone
    per_source->release(source);
    log::debug("http connection dropped", {log::field("error", e.what())});
    return;
  }
  std::lock_guard lock(mu);
  reap_finished();
  Connection& c = connections.emplace_back();
  c.conn = std::move(conn);
  open.fetch_add(1);
  metrics->open_connections.Increment();
  try {
    c.thread = std::thread([this, &c, source] {
      c.conn->serve();
      metrics->open_connections.Decrement();
      per_source->release(source);
      open.fetch_sub(1);
      c.done = true;
    });
  } catch (const std::system_error& e) {
    connections.pop_back();
    metrics->open_connections.Decrement();
    per_source->release(source);
    open.fetch_sub(1);
    log::warn("http connection dropped: no thread", {log::field("error", e.what())});
  }
}

void HttpServer::Impl::refuse(tcp::socket socket, const char* reason) {
  metrics->rejected.Add({{"reason", reason}}).Increment();
  log::debug("http connection refused: too many open connections",
             {log::field("reason", reason),
              log::field("max_connections", static_cast<int64_t>(options.limits.max_connections)),
              log::field("max_connections_per_address",
                         static_cast<int64_t>(options.limits.max_connections_per_address))});
  if (refusals_in_flight >= kMaxRefusalsInFlight) return;  // the socket closes here
  ++refusals_in_flight;
  refuse_busy(std::move(socket), tls.get(), options, [this] { --refusals_in_flight; });
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

HttpServer::HttpServer(const std::string& address, HttpHandler handler,
                       const HttpServerOptions& options, prometheus::Registry* registry)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->options = options;
  impl_->per_source.emplace(options.limits.max_connections_per_address);
  if (!options.rate_limit.paths.empty()) impl_->rate_limiter.emplace(options.rate_limit);
  if (options.tls.enabled()) impl_->tls = make_tls_context(options.tls);
  if (!registry) {
    impl_->own_registry = std::make_unique<prometheus::Registry>();
    registry = impl_->own_registry.get();
  }
  impl_->metrics.emplace(register_http_server_metrics(*registry, options.service));
  try {
    tcp::endpoint ep = parse_address(address);
    impl_->acceptor.open(ep.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(ep);
    impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + address + ": " + e.what());
  }
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->accept_next();
  impl_->accept_thread = std::thread([this] { impl_->run_accept_loop(); });
}

HttpServer::~HttpServer() { stop(); }

bool HttpServer::tls() const { return impl_->tls != nullptr; }

void HttpServer::stop() {
  if (!impl_ || impl_->stopping.exchange(true)) return;
  impl_->io.stop();
  if (impl_->accept_thread.joinable()) impl_->accept_thread.join();
  beast::error_code ec;
  impl_->acceptor.close(ec);
  std::lock_guard lock(impl_->mu);
  for (auto& c : impl_->connections) c.conn->close();
  for (auto& c : impl_->connections) c.thread.join();
  impl_->connections.clear();
}

}  // namespace zt::http
