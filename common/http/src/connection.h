// One accepted REST connection, served on its own thread: the TLS handshake
// (HTTPS listener), then requests until either side ends the conversation or
// a phase overruns its HttpLimits timeout. The blocking style of the old
// thread-per-connection server is kept (a handler may block on PostgreSQL),
// but every read and write is an asynchronous operation with a deadline,
// driven on the connection's own io_context.
#pragma once

#include <atomic>
#include <cstddef>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "http_server.h"
#include "http_server_metrics.h"
#include "http_server_options.h"

namespace zt::controlhub {

class HttpConnection {
 public:
  // Takes over `accepted` (any io_context); `tls` null: plain HTTP.
  HttpConnection(boost::asio::ip::tcp::socket&& accepted, boost::asio::ssl::context* tls, const HttpLimits& limits,
                 const HttpHandler& handler, HttpServerMetrics& metrics);
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Serves until the conversation ends; call on the connection's thread.
  void serve();
  // From any thread: closes the socket so serve() returns soon.
  void close();

 private:
  struct IoResult {
    boost::beast::error_code ec;
    std::size_t bytes = 0;
  };
  // Starts one asynchronous operation and runs the io_context until it completes.
  template <class Start>
  IoResult run(Start start);
  // True if `r` failed because its deadline passed; counts it under `phase`.
  bool timed_out(const IoResult& r, HttpPhase phase);
  void serve_tls();
  // The request loop for either transport. True if the server ended the
  // conversation (Connection: close, 413), false if it is already over.
  template <class Stream>
  bool serve_requests(Stream& stream);

  boost::asio::io_context io_{1};
  boost::beast::tcp_stream stream_;
  boost::asio::ssl::context* tls_;
  const HttpLimits& limits_;
  const HttpHandler& handler_;
  HttpServerMetrics& metrics_;
  std::atomic<bool> closing_{false};
};

}  // namespace zt::controlhub
