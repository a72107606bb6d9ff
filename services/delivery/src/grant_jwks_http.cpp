#include "grant_jwks_http.h"

namespace zt::delivery {
namespace {

http::HttpResponse error(int status, const std::string& message) {
  http::HttpResponse r;
  r.status = status;
  r.headers["Content-Type"] = "application/json";
  r.body = "{\"error\":\"" + message + "\"}";
  return r;
}

}  // namespace

http::HttpResponse grant_jwks_http(const http::HttpRequest& request,
                                   const std::function<std::string()>& jwks_json) {
  if (request.path != kGrantJwksPath) return error(404, "not found");
  if (request.method != "GET" && request.method != "HEAD") {
    http::HttpResponse r = error(405, "method not allowed");
    r.headers["Allow"] = "GET, HEAD";
    return r;
  }
  http::HttpResponse r;
  r.headers["Content-Type"] = "application/json";
  r.headers["Cache-Control"] = "max-age=60";
  r.body = jwks_json();
  return r;
}

}  // namespace zt::delivery
