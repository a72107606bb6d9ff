// What an HTTP listener does with a connection over its cap: answers
// 503 Service Unavailable (after the TLS handshake on the HTTPS listener),
// then closes without resetting the connection, so the client reads the
// answer. Asynchronous, on the accepting io_context: no thread per refusal.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <functional>

#include "zt/http/server_options.h"

namespace zt::http {

// `done` runs on the io_context when the connection is closed. `tls` null:
// plain HTTP. Each step is bounded by the matching HttpLimits timeout.
void refuse_busy(boost::asio::ip::tcp::socket&& socket, boost::asio::ssl::context* tls,
                 const HttpServerOptions& options, std::function<void()> done);

}  // namespace zt::http
