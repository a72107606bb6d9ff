#include "zt/auth/jws.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "ed25519_backend.h"
#include "zt/auth/base64url.h"

namespace zt::auth {

JwsSigner::JwsSigner(std::string kid, BytesView seed32) : kid_(std::move(kid)), seed_(seed32) {
  if (seed_.size() != 32) throw std::invalid_argument("Ed25519 seed must be 32 bytes");
  public_key_ = detail::ed25519_public_key(seed_.reveal());
}

JwsSigner JwsSigner::generate(std::string kid, crypto::RandomSource& random) {
  crypto::SecretBytes seed(32);
  random.fill(seed.reveal_mutable());
  return JwsSigner(std::move(kid), seed.reveal());
}

JwsSigner JwsSigner::from_seed_hex(std::string kid, const crypto::SecretBytes& seed_hex) {
  const crypto::SecretBytes seed = crypto::secret_from_hex(seed_hex.reveal_text());
  return JwsSigner(std::move(kid), seed.reveal());
}

Jwk JwsSigner::public_jwk() const { return Jwk{kid_, public_key_}; }

std::string JwsSigner::sign(std::string_view payload_json) const {
  nlohmann::json header{{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", kid_}};
  std::string signing_input =
      base64url_encode(as_bytes(header.dump())) + "." + base64url_encode(as_bytes(payload_json));
  Bytes sig = detail::ed25519_sign(seed_.reveal(), as_bytes(signing_input));
  return signing_input + "." + base64url_encode(sig);
}

Expected<VerifiedJws, AuthError> verify_jws(std::string_view token, const JwkSet& keys) {
  auto malformed = [](const char* why) {
    return unexpected(AuthError{AuthErrorCode::kMalformed, why});
  };
  size_t dot1 = token.find('.');
  if (dot1 == std::string_view::npos) return malformed("token is not header.payload.signature");
  size_t dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return malformed("token is not header.payload.signature");
  }
  auto header_bytes = base64url_decode(token.substr(0, dot1));
  auto payload_bytes = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  auto sig = base64url_decode(token.substr(dot2 + 1));
  if (!header_bytes || !payload_bytes || !sig) return malformed("token part is not base64url");

  auto header = nlohmann::json::parse(header_bytes->begin(), header_bytes->end(), nullptr, false);
  if (header.is_discarded() || !header.is_object()) return malformed("JWS header is not a JSON object");
  if (!header.contains("alg") || header["alg"] != "EdDSA") {
    return unexpected(AuthError{AuthErrorCode::kUnsupported, "JWS alg must be EdDSA"});
  }
  if (header.contains("crit")) {
    return unexpected(AuthError{AuthErrorCode::kUnsupported, "JWS crit header is not supported"});
  }
  if (!header.contains("kid") || !header["kid"].is_string()) return malformed("JWS header has no kid");
  std::string kid = header["kid"].get<std::string>();
  const Jwk* key = keys.find(kid);
  if (key == nullptr) return unexpected(AuthError{AuthErrorCode::kUnknownKey, "no key for the token's kid"});
  if (!detail::ed25519_verify(key->public_key, as_bytes(token.substr(0, dot2)), *sig)) {
    return unexpected(AuthError{AuthErrorCode::kBadSignature, "token signature does not verify"});
  }
  return VerifiedJws{std::move(kid), std::string(payload_bytes->begin(), payload_bytes->end())};
}

}  // namespace zt::auth
