#include "connection.h"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "zt/http/beast_message.h"
#include "zt/http/exchange.h"
#include "zt/log/log.h"

namespace zt::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kReadChunk = 4096;
// What a refused client may still send before the server stops listening.
constexpr std::size_t kMaxLingerBytes = 2 * kMaxBodyBytes;

tcp::socket adopt(asio::io_context& io, tcp::socket&& accepted) {
  auto protocol = accepted.local_endpoint().protocol();
  return tcp::socket(io, protocol, accepted.release());
}

}  // namespace

HttpConnection::HttpConnection(tcp::socket&& accepted, asio::ssl::context* tls,
                               const HttpServerOptions& options, const HttpHandler& handler,
                               HttpServerMetrics& metrics, Client client)
    : stream_(adopt(io_, std::move(accepted))),
      tls_(tls),
      options_(options),
      handler_(handler),
      metrics_(metrics),
      client_(std::move(client)) {}

template <class Start>
HttpConnection::IoResult HttpConnection::run(Start start) {
  IoResult result{asio::error::operation_aborted, 0};
  if (closing_) return result;
  start([&result](beast::error_code ec, std::size_t bytes = 0) { result = {ec, bytes}; });
  io_.restart();
  io_.run();
  return result;
}

bool HttpConnection::timed_out(const IoResult& r, HttpPhase phase) {
  if (r.ec != beast::error::timeout) return false;
  metrics_.count_timeout(phase);
  log::debug("http connection timed out", {log::field("phase", phase_name(phase))});
  return true;
}

template <class Stream>
HttpConnection::End HttpConnection::serve_requests(Stream& stream) {
  beast::flat_buffer buffer;
  for (bool first = true; !closing_; first = false) {
    if (!first && buffer.size() == 0) {
      // Keep-alive: wait for the next request's first byte.
      stream_.expires_after(options_.limits.idle_timeout);
      IoResult r =
          run([&](auto handler) { stream.async_read_some(buffer.prepare(kReadChunk), handler); });
      if (timed_out(r, HttpPhase::kIdle) || r.ec) return End::kOver;
      buffer.commit(r.bytes);
    }
    RequestParser parser;
    configure_parser(parser);
    stream_.expires_after(options_.limits.header_timeout);
    IoResult r =
        run([&](auto handler) { bhttp::async_read_header(stream, buffer, parser, handler); });
    if (timed_out(r, HttpPhase::kHeader)) return End::kOver;
    if (!r.ec && wants_body(parser)) {
      stream_.expires_after(options_.limits.body_timeout);
      r = run([&](auto handler) { bhttp::async_read(stream, buffer, parser, handler); });
      if (timed_out(r, HttpPhase::kBody)) return End::kOver;
    }
    stream_.expires_never();
    std::optional<Answer> a = answer(parser, r.ec, handler_, metrics_, client_);
    if (!a) return End::kOver;
    auto out = to_beast(a->response, parser.get().version(), a->keep_alive, server_name(options_));
    stream_.expires_after(options_.limits.write_timeout);
    r = run([&](auto handler) { bhttp::async_write(stream, out, handler); });
    if (timed_out(r, HttpPhase::kWrite) || r.ec) return End::kOver;
    if (a->refused) return End::kRefused;
    if (!a->keep_alive) return End::kClosed;
  }
  return End::kOver;
}

void HttpConnection::linger() {
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return;
  stream_.expires_after(options_.limits.header_timeout);
  std::array<char, kReadChunk> sink;
  for (std::size_t drained = 0; drained < kMaxLingerBytes;) {
    IoResult r = run([&](auto handler) { stream_.async_read_some(asio::buffer(sink), handler); });
    if (r.ec) return;
    drained += r.bytes;
  }
}

void HttpConnection::serve_tls() {
  asio::ssl::stream<beast::tcp_stream&> stream(stream_, *tls_);
  stream_.expires_after(options_.limits.handshake_timeout);
  IoResult r =
      run([&](auto handler) { stream.async_handshake(asio::ssl::stream_base::server, handler); });
  if (r.ec) {
    bool timeout = timed_out(r, HttpPhase::kHandshake);
    metrics_.tls_handshake_failures.Add({{"reason", timeout ? "timeout" : "error"}}).Increment();
    if (!timeout) log::warn("http tls handshake failed", {log::field("error", r.ec.message())});
    return;
  }
  if (serve_requests(stream) != End::kOver) {
    // close_notify; completes once the peer answers or closes.
    stream_.expires_after(options_.limits.write_timeout);
    timed_out(run([&](auto handler) { stream.async_shutdown(handler); }), HttpPhase::kWrite);
  }
}

void HttpConnection::serve() {
  try {
    if (tls_) {
      serve_tls();
    } else if (serve_requests(stream_) == End::kRefused) {
      linger();
    }
  } catch (const std::exception& e) {
    metrics_.count_unhandled_exception(ExceptionSite::kConnection);
    log::error("http connection failed", {log::field("error", e.what())});
  } catch (...) {
    metrics_.count_unhandled_exception(ExceptionSite::kConnection);
    log::error("http connection failed with a non-exception");
  }
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

void HttpConnection::close() {
  closing_ = true;
  asio::post(io_, [this] { stream_.cancel(); });
}

}  // namespace zt::http
