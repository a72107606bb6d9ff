#include "zt/auth/jws.h"

#include <gtest/gtest.h>

#include "zt/auth/base64url.h"
#include "zt/auth/claims.h"

namespace zt::auth {
namespace {

// RFC 8032 section 7.1, TEST 1.
const char* kSeedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const char* kPublicHex = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

TEST(JwsTest, SignerDerivesTheRfc8032PublicKey) {
  JwsSigner signer("k1", from_hex(kSeedHex));
  EXPECT_EQ(to_hex(signer.public_jwk().public_key), kPublicHex);
}

TEST(JwsTest, SignedTokenVerifiesAndReturnsPayload) {
  auto signer = JwsSigner::generate("k1");
  std::string token = signer.sign(R"({"sub":"a"})");
  auto v = verify_jws(token, JwkSet({signer.public_jwk()}));
  ASSERT_TRUE(v.has_value()) << v.error().message;
  EXPECT_EQ(v->payload, R"({"sub":"a"})");
  EXPECT_EQ(v->kid, "k1");
}

TEST(JwsTest, TamperedPayloadFails) {
  auto signer = JwsSigner::generate("k1");
  std::string token = signer.sign(R"({"sub":"a"})");
  size_t dot1 = token.find('.');
  size_t dot2 = token.find('.', dot1 + 1);
  std::string forged = token.substr(0, dot1 + 1) + base64url_encode(as_bytes(R"({"sub":"b"})")) +
                       token.substr(dot2);
  auto v = verify_jws(forged, JwkSet({signer.public_jwk()}));
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code, AuthErrorCode::kBadSignature);
}

TEST(JwsTest, UnknownKidAndOtherKeyFail) {
  auto a = JwsSigner::generate("a");
  auto b = JwsSigner::generate("b");
  auto v = verify_jws(a.sign("{}"), JwkSet({b.public_jwk()}));
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code, AuthErrorCode::kUnknownKey);
  Jwk impostor = b.public_jwk();
  impostor.kid = "a";
  auto w = verify_jws(a.sign("{}"), JwkSet({impostor}));
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().code, AuthErrorCode::kBadSignature);
}

TEST(JwsTest, AlgNoneIsRefused) {
  auto signer = JwsSigner::generate("k1");
  std::string header = base64url_encode(as_bytes(R"({"alg":"none","kid":"k1"})"));
  std::string token = header + "." + base64url_encode(as_bytes("{}")) + ".";
  auto v = verify_jws(token, JwkSet({signer.public_jwk()}));
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code, AuthErrorCode::kUnsupported);
}

TEST(JwsTest, MalformedTokensAreRefused) {
  JwkSet none;
  for (const char* t : {"", "a", "a.b", "a.b.c.d", "!!.e30.AA"}) {
    auto v = verify_jws(t, none);
    ASSERT_FALSE(v.has_value()) << t;
    EXPECT_EQ(v.error().code, AuthErrorCode::kMalformed) << t;
  }
}

TEST(JwsTest, JwkSetRoundTripsThroughJson) {
  auto a = JwsSigner::generate("a");
  auto b = JwsSigner::generate("b");
  JwkSet set({a.public_jwk(), b.public_jwk()});
  auto parsed = JwkSet::parse(set.to_json());
  ASSERT_TRUE(parsed.has_value());
  ASSERT_EQ(parsed->keys().size(), 2u);
  ASSERT_NE(parsed->find("b"), nullptr);
  EXPECT_EQ(parsed->find("b")->public_key, b.public_jwk().public_key);
  EXPECT_FALSE(JwkSet::parse("[]").has_value());
  EXPECT_FALSE(JwkSet::parse(R"({"keys":[{"kty":"OKP","crv":"Ed25519","kid":"x","x":"AA"}]})").has_value());
}

TEST(ClaimsTest, RoundTripAndMissingClaims) {
  Claims c;
  c.subject = "dev-client";
  c.org_id = "org1";
  c.roles = {"device"};
  c.device_id = "d1";
  c.user_id = "u1";
  c.issued_at = std::chrono::system_clock::time_point(std::chrono::seconds(100));
  c.expires_at = std::chrono::system_clock::time_point(std::chrono::seconds(200));
  auto back = parse_claims(claims_to_json(c));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->subject, "dev-client");
  EXPECT_EQ(back->device_id, "d1");
  EXPECT_EQ(back->user_id, "u1");
  EXPECT_TRUE(back->has_role("device"));
  EXPECT_FALSE(back->has_role("full_admin"));
  EXPECT_EQ(back->expires_at, c.expires_at);
  EXPECT_FALSE(parse_claims(R"({"sub":"a","org":"o","roles":[]})").has_value());
  EXPECT_FALSE(parse_claims(R"({"sub":"a","org":"o","roles":[1],"exp":5})").has_value());
}

// Found by fuzz_jws_token: a NumericDate past what system_clock holds used to
// overflow (undefined behaviour) instead of being refused as malformed.
TEST(Claims, OutOfRangeNumericDatesAreMalformed) {
  auto huge_iat = parse_claims(R"({"sub":"a","org":"o","roles":[],"iat":18000200000,"exp":1800003600})");
  ASSERT_FALSE(huge_iat.has_value());
  EXPECT_EQ(huge_iat.error().code, AuthErrorCode::kMalformed);
  EXPECT_FALSE(parse_claims(R"({"sub":"a","org":"o","roles":[],"exp":-1})").has_value());
  EXPECT_FALSE(parse_claims(R"({"sub":"a","org":"o","roles":[],"exp":9223372036854775807})").has_value());
  EXPECT_TRUE(parse_claims(R"({"sub":"a","org":"o","roles":[],"exp":1800003600})").has_value());
  EXPECT_FALSE(from_numeric_date(-5).has_value());
  EXPECT_TRUE(from_numeric_date(4102444800).has_value());  // 2100-01-01
}

}  // namespace
}  // namespace zt::auth
