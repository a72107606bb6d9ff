#include "zt/auth/jwk.h"

#include <nlohmann/json.hpp>

#include "zt/auth/base64url.h"

namespace zt::auth {

Expected<JwkSet, AuthError> JwkSet::parse(std::string_view json) {
  auto doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return unexpected(AuthError{AuthErrorCode::kMalformed, "JWKS is not {\"keys\":[...]}"});
  }
  std::vector<Jwk> keys;
  for (const auto& k : doc["keys"]) {
    if (!k.is_object()) continue;
    if (k.value("kty", "") != "OKP" || k.value("crv", "") != "Ed25519") continue;
    if (!k.contains("kid") || !k["kid"].is_string() || !k.contains("x") || !k["x"].is_string()) {
      return unexpected(AuthError{AuthErrorCode::kMalformed, "JWK without kid or x"});
    }
    auto x = base64url_decode(k["x"].get<std::string>());
    if (!x || x->size() != 32) {
      return unexpected(AuthError{AuthErrorCode::kMalformed, "JWK x is not 32 bytes of base64url"});
    }
    keys.push_back(Jwk{k["kid"].get<std::string>(), std::move(*x)});
  }
  return JwkSet(std::move(keys));
}

std::string JwkSet::to_json() const {
  nlohmann::json keys = nlohmann::json::array();
  for (const auto& k : keys_) {
    keys.push_back({{"kty", "OKP"}, {"crv", "Ed25519"}, {"alg", "EdDSA"}, {"use", "sig"},
                    {"kid", k.kid}, {"x", base64url_encode(k.public_key)}});
  }
  return nlohmann::json{{"keys", keys}}.dump();
}

const Jwk* JwkSet::find(std::string_view kid) const {
  for (const auto& k : keys_) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

}  // namespace zt::auth
