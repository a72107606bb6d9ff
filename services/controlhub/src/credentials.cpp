#include "credentials.h"

#include "zt/auth/base64url.h"
#include "zt/crypto/hash.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::controlhub {
namespace {

Bytes hash_secret(BytesView salt, std::string_view secret) {
  return crypto::hash(crypto::HashAlgorithm::kSha256, concat(salt, as_bytes(secret)));
}

}  // namespace

HashedCredentials make_credentials(std::string_view prefix, crypto::RandomSource& rng) {
  HashedCredentials out;
  out.credentials.client_id = std::string(prefix) + "_" + to_hex(rng.bytes(12));
  out.credentials.client_secret = auth::base64url_encode(rng.bytes(32));
  out.stored.client_id = out.credentials.client_id;
  out.stored.salt = rng.bytes(16);
  out.stored.hash = hash_secret(out.stored.salt, out.credentials.client_secret);
  return out;
}

bool secret_matches(const Principal& principal, std::string_view secret) {
  return crypto::constant_time_equal(hash_secret(principal.secret_salt, secret),
                                     principal.secret_hash);
}

}  // namespace zt::controlhub
