// The HTTP request and response handlers work with, independent of
// Boost.Beast so handlers and the router are testable without sockets.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace zt::http {

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;

struct HttpRequest {
  std::string method;  // "GET", "PUT", ...
  std::string path;    // without the query
  std::map<std::string, std::string> query;
  HeaderMap headers;
  std::string body;

  std::string header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  HeaderMap headers;
  std::string body;
};

// Splits "/a/b?x=1&y=2" and percent-decodes the query values.
void parse_target(std::string_view target, HttpRequest& request);
std::string percent_decode(std::string_view text);

}  // namespace zt::http
