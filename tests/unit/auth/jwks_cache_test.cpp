// JwksCache: a key set fetched once and reused, refetched for a kid it does
// not hold (at most once per min_refetch_interval), when old, or after
// invalidate(); a failed fetch keeps the last keys.
#include "zt/auth/jwks_cache.h"

#include <gtest/gtest.h>

namespace zt::auth {
namespace {

using namespace std::chrono_literals;

class JwksCacheTest : public ::testing::Test {
 protected:
  JwksCache make_cache() {
    return JwksCache(
        [this]() -> std::optional<std::string> {
          ++fetches_;
          if (!reachable_) return std::nullopt;
          return jwks_;
        },
        clock_, JwksCacheOptions{300s, 5s});
  }
  ManualClock clock_;
  std::string jwks_;
  bool reachable_ = true;
  int fetches_ = 0;
};

TEST_F(JwksCacheTest, ARotatedInKeyIsFetchedOnceItsFirstTokenArrives) {
  auto k1 = JwsSigner::generate("k1");
  jwks_ = JwkSet({k1.public_jwk()}).to_json();
  auto cache = make_cache();
  ASSERT_TRUE(cache.verify(k1.sign("{}")).has_value());
  ASSERT_TRUE(cache.verify(k1.sign("{}")).has_value());
  EXPECT_EQ(fetches_, 1);
  auto k2 = JwsSigner::generate("k2");
  jwks_ = JwkSet({k1.public_jwk(), k2.public_jwk()}).to_json();
  EXPECT_EQ(cache.verify(k2.sign("{}")).error().code, AuthErrorCode::kUnknownKey);  // rate limit
  clock_.advance(6s);
  ASSERT_TRUE(cache.verify(k2.sign("{}")).has_value());
  EXPECT_EQ(fetches_, 2);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(cache.verify(JwsSigner::generate("x").sign("{}")).error().code,
              AuthErrorCode::kUnknownKey);
  }
  EXPECT_EQ(fetches_, 2);  // made-up kids within 5 s of the last fetch: none
  clock_.advance(6s);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(cache.verify(JwsSigner::generate("y").sign("{}")));
  EXPECT_EQ(fetches_, 3);  // one refetch, then the rate limit again
}

TEST_F(JwksCacheTest, AFailedFetchKeepsTheLastKeysAndInvalidateFetchesAgain) {
  auto k1 = JwsSigner::generate("k1");
  jwks_ = JwkSet({k1.public_jwk()}).to_json();
  auto cache = make_cache();
  ASSERT_TRUE(cache.verify(k1.sign("{}")).has_value());
  reachable_ = false;
  clock_.advance(301s);  // stale: refetched, fails, the old keys stay
  EXPECT_TRUE(cache.verify(k1.sign("{}")).has_value());
  reachable_ = true;
  jwks_ = JwkSet().to_json();
  cache.invalidate();
  EXPECT_EQ(cache.verify(k1.sign("{}")).error().code, AuthErrorCode::kUnknownKey);
}

TEST_F(JwksCacheTest, StaticKeysAreTheGivenSet) {
  auto k1 = JwsSigner::generate("k1");
  JwksCache cache(static_jwks(JwkSet({k1.public_jwk()})), clock_);
  EXPECT_TRUE(cache.verify(k1.sign("{}")).has_value());
  EXPECT_EQ(cache.keys().keys().size(), 1u);
}

}  // namespace
}  // namespace zt::auth
