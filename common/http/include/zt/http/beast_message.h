// Translation between Boost.Beast messages and the transport-independent
// HttpRequest / HttpResponse the REST layer works with.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http_message.h"

namespace zt::controlhub {

HttpRequest to_request(const boost::beast::http::request<boost::beast::http::string_body>& in);

// Sets Server, Connection and Content-Length.
boost::beast::http::response<boost::beast::http::string_body> to_beast(const HttpResponse& in, unsigned version,
                                                                       bool keep_alive);

// A JSON error body in the REST API's shape: {"code","message","field":null}.
HttpResponse json_error(int status, std::string_view code, std::string_view message);

}  // namespace zt::controlhub
