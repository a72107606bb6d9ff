// HTTP/1.1 over Boost.Beast: one thread accepts, one thread per connection
// (keep-alive), each request handed to a handler as an HttpRequest.
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "http_message.h"

namespace zt::controlhub {

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // `address`: "host:port"; port 0 picks a free one. Throws std::runtime_error
  // naming the address if it cannot bind.
  HttpServer(const std::string& address, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  // Stops accepting, closes open connections, joins threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace zt::controlhub
