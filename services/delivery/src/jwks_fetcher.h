// Fetches Control Hub's token keys the way Control Hub publishes them:
// GET <url> (default http://127.0.0.1:8001/v1/.well-known/jwks.json), for
// auth::TokenVerifier (which caches the set and refetches on an unknown
// kid). Plain HTTP/1.1 with a deadline; any failure is nullopt (the
// verifier then refuses the token as "keys unavailable").
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "zt/auth/token_verifier.h"

namespace zt::delivery {

struct HttpUrl {
  std::string host;
  std::string port;
  std::string target;
};

// Parses "http://host[:port]/path". Throws std::invalid_argument naming what is wrong.
HttpUrl parse_http_url(const std::string& url);

// A JwksFetcher for `url`: each call is one GET with `timeout`.
auth::JwksFetcher http_jwks_fetcher(
    const std::string& url, std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

}  // namespace zt::delivery
