// Fuzzes compact JWS parsing and verification against one fixed Ed25519 key
// (kid "fuzz"), the claims parser behind TokenVerifier, the base64url codec
// and the JWK Set parser, all on the same input text.
//
// Properties: nothing crashes or throws; a token that verifies re-signs to a
// token that verifies with the same kid and payload, and its payload segment
// is the canonical base64url of that payload; claims that parse re-serialize
// to claims that parse equal; base64url and JWK Sets round-trip.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "zt/auth/base64url.h"
#include "zt/auth/claims.h"
#include "zt/auth/jwk.h"
#include "zt/auth/jws.h"
#include "zt/auth/token_verifier.h"
#include "zt/base/clock.h"

namespace {

using namespace zt::auth;

// A fixed, public test seed: the fuzzer's tokens are signed with it.
const JwsSigner& signer() {
  static const JwsSigner kSigner("fuzz", zt::from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  return kSigner;
}

const JwkSet& keys() {
  static const JwkSet kKeys({signer().public_jwk()});
  return kKeys;
}

void check_claims(const std::string& payload) {
  auto claims = parse_claims(payload);
  if (!claims) return;
  auto again = parse_claims(claims_to_json(*claims));
  if (!again) std::abort();
  if (again->subject != claims->subject || again->org_id != claims->org_id || again->roles != claims->roles ||
      again->device_id != claims->device_id || again->user_id != claims->user_id ||
      again->issued_at != claims->issued_at || again->expires_at != claims->expires_at) {
    std::abort();
  }
}

void check_token(std::string_view token) {
  auto verified = verify_jws(token, keys());
  if (!verified) return;
  if (verified->kid != "fuzz") std::abort();
  size_t dot1 = token.find('.');
  size_t dot2 = token.find('.', dot1 + 1);
  if (token.substr(dot1 + 1, dot2 - dot1 - 1) != base64url_encode(zt::as_bytes(verified->payload))) std::abort();
  auto again = verify_jws(signer().sign(verified->payload), keys());
  if (!again || again->kid != verified->kid || again->payload != verified->payload) std::abort();
  check_claims(verified->payload);

  zt::ManualClock clock;
  TokenVerifier verifier([] { return keys().to_json(); }, clock);
  auto claims = verifier.verify(token);
  if (claims && !parse_claims(verified->payload)) std::abort();
}

void check_base64url(std::string_view text) {
  auto bytes = base64url_decode(text);
  if (bytes && base64url_encode(*bytes) != text) std::abort();
}

void check_jwks(std::string_view text) {
  auto set = JwkSet::parse(text);
  if (!set) return;
  auto again = JwkSet::parse(set->to_json());
  if (!again || again->keys().size() != set->keys().size()) std::abort();
  for (size_t i = 0; i < set->keys().size(); ++i) {
    if (again->keys()[i].kid != set->keys()[i].kid || again->keys()[i].public_key != set->keys()[i].public_key) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check_token(text);
  check_claims(std::string(text));
  check_base64url(text);
  check_jwks(text);
  return 0;
}
