// A JwksFetcher that GETs Control Hub's published token keys over plain
// HTTP/1.1 (http://host[:port]/path, default path
// /v1/.well-known/jwks.json), each call one request with a deadline and a
// size cap. Any failure is nullopt: TokenVerifier then refuses tokens whose
// key it does not hold. For every service that verifies bearer tokens.
#pragma once

#include <chrono>
#include <string>

#include "zt/auth/token_verifier.h"

namespace zt::auth {

// Throws std::invalid_argument naming what is wrong with `url`.
JwksFetcher http_jwks_fetcher(const std::string& url,
                              std::chrono::milliseconds timeout = std::chrono::milliseconds(2000));

}  // namespace zt::auth
