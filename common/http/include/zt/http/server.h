// HTTP/1.1 over Boost.Beast: one thread accepts, one thread per connection
// (keep-alive), each request handed to a handler as an HttpRequest. With TLS
// options set the listener speaks HTTPS only (TLS 1.2+); the request handling
// is the same code for both transports. Every phase of a connection has a
// deadline (HttpLimits) and at most `max_connections` are served at once:
// a slow or silent client costs a thread only until its deadline.
#pragma once

#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>

#include "zt/http/message.h"
#include "zt/http/server_options.h"

namespace zt::http {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // `address`: "host:port"; port 0 picks a free one. Connection metrics
  // (http_server_metrics.h) go to `registry`, or nowhere if it is null.
  // Throws std::runtime_error naming the address if it cannot bind, or naming
  // the file (never its contents) if the TLS certificate or key cannot be loaded.
  HttpServer(const std::string& address, HttpHandler handler, const HttpServerOptions& options = {},
             prometheus::Registry* registry = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  bool tls() const;
  // Stops accepting, closes open connections, joins threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace zt::http
