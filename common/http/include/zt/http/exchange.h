// One request/response exchange of an HTTP listener, without sockets: the
// parser a connection reads each request with (its size limits), and what
// the server answers to what was read (a 4xx for a request it cannot take,
// the handler's response, or a last-resort 500 if the handler throws). The
// connection and the raw-HTTP fuzz target both go through these.
#pragma once

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <optional>

#include "zt/http/address_limits.h"
#include "zt/http/message.h"
#include "zt/http/server.h"
#include "zt/http/server_metrics.h"

namespace zt::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

inline constexpr std::size_t kMaxHeaderBytes = 8 * 1024;  // request line + headers; more is 431
inline constexpr std::size_t kMaxBodyBytes = 1 << 20;     // more is 413

// Sets the header and body limits.
void configure_parser(RequestParser& parser);

// After the header: true if the body is to be read, i.e. there is one and it
// is not chunked. A chunked request body is never read but answered 411
// (Boost.Beast 1.74's chunk parser asserts on a last chunk whose trailer
// arrives in pieces, found by the raw-HTTP fuzz target); clients send a
// Content-Length.
bool wants_body(const RequestParser& parser);

// True if `target` is only visible ASCII (RFC 9112: other bytes must be
// percent-encoded), so it can go into JSON, logs and SQL as it is.
bool is_valid_target(std::string_view target);

struct Answer {
  HttpResponse response;
  bool keep_alive = false;  // false: close the connection after the response
  bool refused = false;     // answered by the server itself (4xx); the client may still be sending
};

// Who sent the request, for the per-source rate limit.
struct Client {
  SourceKey source;
  RateLimiter* rate_limiter = nullptr;  // null: no rate limit
};

// The answer to a request whose reading ended with `ec` (success or a parse
// error): a 4xx the server gives itself, a 429 past `client`'s rate limit, or
// the handler's response. nullopt: nothing to answer (the client went away,
// or a transport error or timeout). Never throws for what a client sent.
std::optional<Answer> answer(const RequestParser& parser, boost::beast::error_code ec,
                             const HttpHandler& handler, HttpServerMetrics& metrics,
                             const Client& client = {});

}  // namespace zt::http
