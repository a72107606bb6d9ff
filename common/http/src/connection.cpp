#include "http_connection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "beast_message.h"
#include "zt/log/log.h"

namespace zt::controlhub {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxBodyBytes = 1 << 20;
constexpr std::size_t kReadChunk = 4096;

tcp::socket adopt(asio::io_context& io, tcp::socket&& accepted) {
  auto protocol = accepted.local_endpoint().protocol();
  return tcp::socket(io, protocol, accepted.release());
}

}  // namespace

HttpConnection::HttpConnection(tcp::socket&& accepted, asio::ssl::context* tls, const HttpLimits& limits,
                               const HttpHandler& handler, HttpServerMetrics& metrics)
    : stream_(adopt(io_, std::move(accepted))), tls_(tls), limits_(limits), handler_(handler), metrics_(metrics) {}

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
bool HttpConnection::serve_requests(Stream& stream) {
  beast::flat_buffer buffer;
  for (bool first = true; !closing_; first = false) {
    if (!first && buffer.size() == 0) {
      // Keep-alive: wait for the next request's first byte.
      stream_.expires_after(limits_.idle_timeout);
      IoResult r = run([&](auto handler) { stream.async_read_some(buffer.prepare(kReadChunk), handler); });
      if (timed_out(r, HttpPhase::kIdle) || r.ec) return false;
      buffer.commit(r.bytes);
    }
    http::request_parser<http::string_body> parser;
    parser.body_limit(kMaxBodyBytes);
    stream_.expires_after(limits_.header_timeout);
    IoResult r = run([&](auto handler) { http::async_read_header(stream, buffer, parser, handler); });
    if (timed_out(r, HttpPhase::kHeader)) return false;
    if (!r.ec && !parser.is_done()) {
      stream_.expires_after(limits_.body_timeout);
      r = run([&](auto handler) { http::async_read(stream, buffer, parser, handler); });
      if (timed_out(r, HttpPhase::kBody)) return false;
    }
    stream_.expires_never();
    bool keep_alive = false;
    HttpResponse response;
    if (r.ec == http::error::body_limit) {
      response = json_error(413, "payload_too_large", "request body too large");
    } else if (r.ec) {
      return false;
    } else {
      response = handler_(to_request(parser.get()));
      keep_alive = parser.get().keep_alive();
    }
    auto out = to_beast(response, parser.get().version(), keep_alive);
    stream_.expires_after(limits_.write_timeout);
    r = run([&](auto handler) { http::async_write(stream, out, handler); });
    if (timed_out(r, HttpPhase::kWrite) || r.ec) return false;
    if (!keep_alive) return true;
  }
  return false;
}

void HttpConnection::serve_tls() {
  asio::ssl::stream<beast::tcp_stream&> stream(stream_, *tls_);
  stream_.expires_after(limits_.handshake_timeout);
  IoResult r = run([&](auto handler) { stream.async_handshake(asio::ssl::stream_base::server, handler); });
  if (r.ec) {
    bool timeout = timed_out(r, HttpPhase::kHandshake);
    metrics_.tls_handshake_failures.Add({{"reason", timeout ? "timeout" : "error"}}).Increment();
    if (!timeout) log::warn("http tls handshake failed", {log::field("error", r.ec.message())});
    return;
  }
  if (serve_requests(stream)) {
    // close_notify; completes once the peer answers or closes.
    stream_.expires_after(limits_.write_timeout);
    timed_out(run([&](auto handler) { stream.async_shutdown(handler); }), HttpPhase::kWrite);
  }
}

void HttpConnection::serve() {
  if (tls_) {
    serve_tls();
  } else {
    serve_requests(stream_);
  }
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
  stream_.close();
}

void HttpConnection::close() {
  closing_ = true;
  asio::post(io_, [this] { stream_.cancel(); });
}

}  // namespace zt::controlhub
