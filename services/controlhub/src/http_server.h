// HTTP/1.1 over Boost.Beast: one thread accepts, one thread per connection
// (keep-alive), each request handed to a handler as an HttpRequest. With
// HttpTlsOptions set the listener speaks HTTPS only (TLS 1.2+); the request
// handling is the same code for both transports.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "http_message.h"

namespace zt::controlhub {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// PEM file paths. Both empty: plain HTTP. Both set: HTTPS only. One set: error.
struct HttpTlsOptions {
  std::string cert_file;  // certificate chain, leaf first
  std::string key_file;   // private key (secret: contents never logged)
  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

class HttpServer {
 public:
  // `address`: "host:port"; port 0 picks a free one. Throws std::runtime_error
  // naming the address if it cannot bind, or naming the file (never its
  // contents) if the TLS certificate or key cannot be loaded.
  HttpServer(const std::string& address, HttpHandler handler, const HttpTlsOptions& tls = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  bool tls() const;
  // Connections closed because the TLS handshake failed (plain HTTP sent to
  // the HTTPS port, bad client hello, ...).
  uint64_t tls_handshake_failures() const;
  // Stops accepting, closes open connections, joins threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace zt::controlhub
