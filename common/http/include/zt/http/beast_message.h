// Translation between Boost.Beast messages and the transport-independent
// HttpRequest / HttpResponse handlers work with.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "zt/http/message.h"

namespace zt::http {

HttpRequest to_request(const boost::beast::http::request<boost::beast::http::string_body>& in);

// Sets Server (to `server`), Connection and Content-Length, and the security
// headers (a strict Content-Security-Policy with frame-ancestors 'none',
// X-Frame-Options: DENY, X-Content-Type-Options: nosniff, Referrer-Policy:
// no-referrer) unless `in` has its own.
boost::beast::http::response<boost::beast::http::string_body> to_beast(const HttpResponse& in,
                                                                       unsigned version,
                                                                       bool keep_alive,
                                                                       std::string_view server);

// A JSON error body in the shape zt's HTTP APIs use: {"code","message","field":null}.
HttpResponse json_error(int status, std::string_view code, std::string_view message);

}  // namespace zt::http
