// One accepted HTTP connection, served on its own thread: the TLS handshake
// (HTTPS listener), then requests until either side ends the conversation or
// a phase overruns its HttpLimits timeout. The blocking style of the old
// thread-per-connection server is kept (a handler may block on PostgreSQL),
// but every read and write is an asynchronous operation with a deadline,
// driven on the connection's own io_context.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstddef>

#include "zt/http/exchange.h"
#include "zt/http/server.h"
#include "zt/http/server_metrics.h"
#include "zt/http/server_options.h"

namespace zt::http {

class HttpConnection {
 public:
  // Takes over `accepted` (any io_context); `tls` null: plain HTTP.
  HttpConnection(boost::asio::ip::tcp::socket&& accepted, boost::asio::ssl::context* tls,
                 const HttpServerOptions& options, const HttpHandler& handler,
                 HttpServerMetrics& metrics, Client client);
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Serves until the conversation ends; call on the connection's thread.
  // Never throws: an exception ends this connection only (and is counted).
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
  // How a request loop ended.
  enum class End {
    kOver,     // the client went away, or a timeout or transport error
    kClosed,   // the server ended it after a response (Connection: close)
    kRefused,  // the server ended it after refusing a request (4xx): the client may still be
               // sending
  };
  void serve_tls();
  // The request loop for either transport.
  template <class Stream>
  End serve_requests(Stream& stream);
  // Plain HTTP after a refusal: half-close, then read and drop what the
  // client still sends (bounded), so closing does not reset the connection
  // with the 4xx still in flight.
  void linger();

  boost::asio::io_context io_{1};
  boost::beast::tcp_stream stream_;
  boost::asio::ssl::context* tls_;
  const HttpServerOptions& options_;
  const HttpHandler& handler_;
  HttpServerMetrics& metrics_;
  const Client client_;
  std::atomic<bool> closing_{false};
};

}  // namespace zt::http
