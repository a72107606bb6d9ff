#include "zt/auth/token_verifier.h"

#include <gtest/gtest.h>

#include "zt/auth/jws.h"

namespace zt::auth {
namespace {

using namespace std::chrono_literals;

class TokenVerifierTest : public ::testing::Test {
 protected:
  std::string token(const JwsSigner& signer, std::chrono::seconds lifetime) {
    Claims c;
    c.subject = "admin";
    c.org_id = "org1";
    c.roles = {"full_admin"};
    c.issued_at = clock_.now();
    c.expires_at = clock_.now() + lifetime;
    return signer.sign(claims_to_json(c));
  }
  TokenVerifier make_verifier() {
    return TokenVerifier([this] { ++fetches_; return jwks_; }, clock_,
                         TokenVerifierOptions{60s, 300s, 5s});
  }

  ManualClock clock_;
  std::string jwks_;
  int fetches_ = 0;
};

TEST_F(TokenVerifierTest, AcceptsValidTokenAndReturnsClaims) {
  auto signer = JwsSigner::generate("k1");
  jwks_ = JwkSet({signer.public_jwk()}).to_json();
  auto verifier = make_verifier();
  auto claims = verifier.verify(token(signer, 600s));
  ASSERT_TRUE(claims.has_value()) << claims.error().message;
  EXPECT_EQ(claims->org_id, "org1");
  EXPECT_TRUE(claims->has_role("full_admin"));
}

TEST_F(TokenVerifierTest, ExpiryHonoursClockSkew) {
  auto signer = JwsSigner::generate("k1");
  jwks_ = JwkSet({signer.public_jwk()}).to_json();
  auto verifier = make_verifier();
  std::string t = token(signer, 10s);
  clock_.advance(69s);  // 10 s lifetime + 60 s skew not yet over
  EXPECT_TRUE(verifier.verify(t).has_value());
  clock_.advance(2s);
  auto r = verifier.verify(t);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, AuthErrorCode::kExpired);
}

TEST_F(TokenVerifierTest, TokenFromTheFutureBeyondSkewIsRefused) {
  auto signer = JwsSigner::generate("k1");
  jwks_ = JwkSet({signer.public_jwk()}).to_json();
  auto verifier = make_verifier();
  clock_.advance(120s);
  std::string t = token(signer, 600s);
  clock_.advance(-120s);
  auto r = verifier.verify(t);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, AuthErrorCode::kNotYetValid);
}

TEST_F(TokenVerifierTest, RotatedKeyIsFetchedAndOldTokensStillVerify) {
  auto old_key = JwsSigner::generate("old");
  jwks_ = JwkSet({old_key.public_jwk()}).to_json();
  auto verifier = make_verifier();
  std::string old_token = token(old_key, 600s);
  ASSERT_TRUE(verifier.verify(old_token).has_value());
  auto new_key = JwsSigner::generate("new");
  jwks_ = JwkSet({new_key.public_jwk(), old_key.public_jwk()}).to_json();
  clock_.advance(6s);  // past min_refetch_interval
  auto r = verifier.verify(token(new_key, 600s));
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(verifier.verify(old_token).has_value());
  EXPECT_EQ(fetches_, 2);
}

TEST_F(TokenVerifierTest, RefreshPicksUpARotationAtOnce) {
  auto old_key = JwsSigner::generate("old");
  jwks_ = JwkSet({old_key.public_jwk()}).to_json();
  auto verifier = make_verifier();
  ASSERT_TRUE(verifier.verify(token(old_key, 600s)).has_value());
  auto new_key = JwsSigner::generate("new");
  jwks_ = JwkSet({new_key.public_jwk(), old_key.public_jwk()}).to_json();
  EXPECT_FALSE(verifier.verify(token(new_key, 600s)).has_value());  // within min_refetch_interval
  verifier.refresh();
  EXPECT_TRUE(verifier.verify(token(new_key, 600s)).has_value());
}

TEST_F(TokenVerifierTest, UnknownKidsDoNotHammerTheFetcher) {
  auto known = JwsSigner::generate("k1");
  auto stranger = JwsSigner::generate("x");
  jwks_ = JwkSet({known.public_jwk()}).to_json();
  auto verifier = make_verifier();
  for (int i = 0; i < 10; ++i) {
    auto r = verifier.verify(token(stranger, 600s));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, AuthErrorCode::kUnknownKey);
  }
  EXPECT_EQ(fetches_, 1);
}

}  // namespace
}  // namespace zt::auth
