// Client credentials: random ids and secrets, salted SHA-256 hashes, and
// constant-time checks.
#pragma once

#include <string>
#include <string_view>

#include "store.h"
#include "zt/crypto/random.h"

namespace zt::controlhub {

struct HashedCredentials {
  NewCredentials credentials;  // the secret goes to the caller once
  StoredCredentials stored;    // what storage keeps
};

// `prefix`: "adm", "dev", "svc".
HashedCredentials make_credentials(std::string_view prefix, crypto::RandomSource& random);
bool secret_matches(const Principal& principal, std::string_view secret);

}  // namespace zt::controlhub
