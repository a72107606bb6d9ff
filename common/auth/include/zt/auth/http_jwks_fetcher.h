// A JwksFetcher that GETs a published key set (Control Hub's token keys,
// the Delivery Service's media-grant keys) over plain HTTP/1.1
// (http://host[:port]/path) through zt::http::http_call, each call one
// request with a deadline and a size cap. Any failure is nullopt: a
// JwksCache then refuses tokens whose key it does not hold.
#pragma once

#include <chrono>
#include <string>

#include "zt/auth/jwks_cache.h"

namespace zt::auth {

// Throws std::invalid_argument naming what is wrong with `url`.
JwksFetcher http_jwks_fetcher(const std::string& url,
                              std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

}  // namespace zt::auth
