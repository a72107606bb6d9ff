// One HTTP/1.1 request to an http:// URL, for services that call another
// service's HTTP API (the Delivery Service getting its Control Hub service
// token): connect, send with Connection: close, read the answer, all
// within one deadline and a cap on the body. Plain HTTP only, like the
// JWKS URLs inside the deployment.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "zt/http/message.h"

namespace zt::http {

struct HttpUrl {
  std::string host;
  std::string port;    // "80" when the URL names none
  std::string target;  // path and query, "/" when the URL names none
};

// Throws std::invalid_argument naming what is wrong (never more of the URL).
HttpUrl parse_http_url(const std::string& url);

struct ClientRequest {
  std::string method = "GET";
  HeaderMap headers;
  std::string body;
  std::chrono::milliseconds timeout{2000};
  std::size_t max_body = 256 * 1024;
};

// The response (any status), or nullopt when the server cannot be reached,
// the deadline passes or the body is larger than max_body.
std::optional<HttpResponse> http_call(const HttpUrl& url, const ClientRequest& request);

}  // namespace zt::http
