#include "zt/auth/http_jwks_fetcher.h"

#include "zt/http/client.h"
#include "zt/log/log.h"

namespace zt::auth {

JwksFetcher http_jwks_fetcher(const std::string& url, std::chrono::milliseconds timeout) {
  http::HttpUrl endpoint = http::parse_http_url(url);
  return [endpoint, url, timeout]() -> std::optional<std::string> {
    http::ClientRequest req;
    req.headers["Accept"] = "application/json";
    req.timeout = timeout;
    auto reply = http::http_call(endpoint, req);
    if (reply && reply->status == 200) return std::move(reply->body);
    log::warn("JWKS unavailable", {log::field("url", url)});
    return std::nullopt;
  };
}

}  // namespace zt::auth
