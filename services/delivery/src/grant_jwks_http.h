// The HTTP face of the media-grant keys: GET /v1/.well-known/jwks.json
// answers the JWK Set (the same as GetGrantKeys) for the SFU's
// http_jwks_fetcher; every other path is 404, other methods 405. Served on
// delivery.http_address by the shared zt::http::HttpServer.
#pragma once

#include <functional>
#include <string>

#include "zt/http/message.h"

namespace zt::delivery {

inline constexpr char kGrantJwksPath[] = "/v1/.well-known/jwks.json";

http::HttpResponse grant_jwks_http(const http::HttpRequest& request,
                                   const std::function<std::string()>& jwks_json);

}  // namespace zt::delivery
