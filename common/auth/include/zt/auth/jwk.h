// Ed25519 public keys as JWKs (RFC 8037) and a JWK Set (RFC 7517).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/auth/auth_error.h"
#include "zt/base/bytes.h"
#include "zt/base/expected.h"

namespace zt::auth {

struct Jwk {
  std::string kid;
  Bytes public_key;  // 32 raw Ed25519 bytes
};

class JwkSet {
 public:
  JwkSet() = default;
  explicit JwkSet(std::vector<Jwk> keys) : keys_(std::move(keys)) {}

  // Parses {"keys":[{"kty":"OKP","crv":"Ed25519","kid":..,"x":..},..]}.
  // Keys of other types are skipped (a set may hold keys we do not use).
  static Expected<JwkSet, AuthError> parse(std::string_view json);
  std::string to_json() const;

  const Jwk* find(std::string_view kid) const;
  const std::vector<Jwk>& keys() const { return keys_; }

 private:
  std::vector<Jwk> keys_;
};

}  // namespace zt::auth
