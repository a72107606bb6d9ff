// GF(2^255-19), edwards25519 points and multi-scalar multiplication
// (common/crypto/src/ed25519_*), checked against libsodium's own point and
// scalar operations.
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstring>
#include <random>

#include "ed25519_msm.h"
#include "zt/base/bytes.h"

namespace zt::crypto::detail::ed25519 {
namespace {

using Enc = std::array<uint8_t, 32>;

class Ed25519Arith : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  Enc random_bytes() {
    Enc b;
    for (auto& x : b) x = static_cast<uint8_t>(rng_());
    return b;
  }
  Fe random_fe() {
    Enc b = random_bytes();
    b[31] &= 0x7f;
    return fe_from_bytes(b.data());
  }
  // A reduced random scalar.
  Scalar random_scalar() {
    Scalar s;
    crypto_core_ed25519_scalar_random(s.b);
    return s;
  }
  // [r]B for a random r, through libsodium.
  Enc random_point() {
    Scalar r = random_scalar();
    Enc out;
    EXPECT_EQ(crypto_scalarmult_ed25519_base_noclamp(out.data(), r.b), 0);
    return out;
  }

  std::mt19937_64 rng_{20261204};
};

Enc encode(const Point& p) {
  Enc out;
  point_encode(out.data(), p);
  return out;
}

Enc fe_bytes(const Fe& f) {
  Enc out;
  fe_to_bytes(out.data(), f);
  return out;
}

Scalar order_l() {
  Scalar l{};
  const Bytes b = from_hex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
  std::memcpy(l.b, b.data(), 32);
  return l;
}

TEST_F(Ed25519Arith, FieldEncodingIsCanonical) {
  const Bytes p = from_hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  const Bytes p_minus_1 =
      from_hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  const Bytes top = from_hex("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  EXPECT_FALSE(fe_is_canonical(p.data()));
  EXPECT_FALSE(fe_is_canonical(top.data()));
  EXPECT_TRUE(fe_is_canonical(p_minus_1.data()));
  EXPECT_TRUE(fe_is_zero(fe_from_bytes(p.data())));
  EXPECT_EQ(fe_bytes(fe_from_bytes(top.data()))[0], 18);  // 2^255 - 1 = 18 mod p
  EXPECT_TRUE(fe_equal(fe_add(fe_from_bytes(p_minus_1.data()), fe_one()), fe_zero()));
  for (int i = 0; i < 1000; ++i) {
    Enc b = random_bytes();
    b[31] &= 0x7f;
    if (!fe_is_canonical(b.data())) continue;
    EXPECT_EQ(fe_bytes(fe_from_bytes(b.data())), b);
  }
}

TEST_F(Ed25519Arith, FieldIdentities) {
  for (int i = 0; i < 200; ++i) {
    const Fe a = random_fe(), b = random_fe(), c = random_fe();
    EXPECT_TRUE(fe_equal(fe_sq(a), fe_mul(a, a)));
    EXPECT_TRUE(fe_equal(fe_sub(fe_add(a, b), b), a));
    EXPECT_TRUE(fe_equal(fe_mul(a, fe_add(b, c)), fe_add(fe_mul(a, b), fe_mul(a, c))));
    EXPECT_TRUE(fe_equal(fe_add(a, fe_neg(a)), fe_zero()));
    if (!fe_is_zero(a)) {
      EXPECT_TRUE(fe_equal(fe_mul(a, fe_invert(a)), fe_one()));
    }
    // Limbs near their bounds: sums and differences feed products directly.
    const Fe big = fe_add(fe_add(a, b), fe_sub(c, a));
    EXPECT_TRUE(fe_equal(fe_mul(big, fe_one()), fe_add(b, c)));
  }
  const Fe i = curve().sqrt_m1;
  EXPECT_TRUE(fe_equal(fe_sq(i), fe_neg(fe_one())));
  EXPECT_TRUE(fe_equal(fe_mul(curve().d, fe_small(121666)), fe_neg(fe_small(121665))));
}

TEST_F(Ed25519Arith, BasePointEncodingAndOrder) {
  EXPECT_EQ(to_hex(encode(curve().base)),
            "5866666666666666666666666666666666666666666666666666666666666666");
  EXPECT_FALSE(point_has_small_order(curve().base));
  const Point b = curve().base;
  const Scalar l = order_l();
  EXPECT_TRUE(point_is_identity(multi_scalar_mul({&b, 1}, {&l, 1})));
}

TEST_F(Ed25519Arith, DecodeEncodeRoundTripsLibsodiumPoints) {
  for (int i = 0; i < 200; ++i) {
    const Enc e = random_point();
    const auto p = point_decode(e.data());
    ASSERT_TRUE(p);
    EXPECT_EQ(encode(*p), e);
    EXPECT_FALSE(point_has_small_order(*p));
  }
}

TEST_F(Ed25519Arith, DecodeRefusesNonCanonicalAndOffCurve) {
  // y = 1 with the sign bit set: x = 0 cannot be negative.
  EXPECT_FALSE(point_decode(
      from_hex("0100000000000000000000000000000000000000000000000000000000000080").data()));
  // y = p + 1 (non-canonical 1).
  EXPECT_FALSE(point_decode(
      from_hex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").data()));
  // y = 2 has no x on the curve.
  int decoded = 0, valid = 0;
  EXPECT_FALSE(point_decode(
      from_hex("0200000000000000000000000000000000000000000000000000000000000000").data()));
  for (int i = 0; i < 400; ++i) {
    Enc e = random_bytes();
    const auto p = point_decode(e.data());
    if (!p) continue;
    ++decoded;
    EXPECT_EQ(encode(*p), e);
    valid += crypto_core_ed25519_is_valid_point(e.data());
  }
  EXPECT_GT(decoded, 100);    // about half of all y have an x
  EXPECT_LT(valid, decoded);  // most decoded points are outside the prime-order subgroup
}

TEST_F(Ed25519Arith, SmallOrderPointsDetected) {
  const Scalar l = order_l();
  int torsion = 0;
  for (int i = 0; i < 64; ++i) {
    Enc e = random_bytes();
    const auto p = point_decode(e.data());
    if (!p) continue;
    const Point t = multi_scalar_mul({&*p, 1}, {&l, 1});  // the torsion part, times L
    EXPECT_TRUE(point_has_small_order(t));
    if (!point_is_identity(t)) {
      ++torsion;
      const Enc te = encode(t);
      const auto back = point_decode(te.data());
      ASSERT_TRUE(back);
      EXPECT_TRUE(point_has_small_order(*back));
    }
  }
  EXPECT_GT(torsion, 0);
  EXPECT_TRUE(point_has_small_order(*point_decode(
      from_hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f").data())));
  EXPECT_TRUE(point_has_small_order(*point_decode(
      from_hex("0000000000000000000000000000000000000000000000000000000000000000").data())));
}

TEST_F(Ed25519Arith, AddAndDoubleMatchLibsodium) {
  for (int i = 0; i < 100; ++i) {
    const Enc a = random_point(), b = random_point();
    Enc sum, twice;
    ASSERT_EQ(crypto_core_ed25519_add(sum.data(), a.data(), b.data()), 0);
    ASSERT_EQ(crypto_core_ed25519_add(twice.data(), a.data(), a.data()), 0);
    const Point pa = *point_decode(a.data()), pb = *point_decode(b.data());
    EXPECT_EQ(encode(point_add(pa, point_cache(pb))), sum);
    EXPECT_EQ(encode(point_double(pa)), twice);
    EXPECT_EQ(encode(point_add(pa, point_cache(pa))), twice);
    EXPECT_TRUE(point_is_identity(point_add(pa, cached_neg(point_cache(pa)))));
  }
}

TEST_F(Ed25519Arith, MultiScalarMatchesLibsodium) {
  for (const size_t n : {1u, 2u, 3u, 17u, 64u, 130u, 600u}) {
    std::vector<Point> points;
    std::vector<Scalar> scalars;
    Enc expected{};
    bool have = false;
    for (size_t i = 0; i < n; ++i) {
      const Enc p = random_point();
      Scalar s = random_scalar();
      if (i % 3 == 1) std::memset(s.b + 16, 0, 16);  // 128-bit scalars as in the batch
      if (i % 7 == 5) std::memset(s.b, 0, 32);       // zero
      points.push_back(*point_decode(p.data()));
      scalars.push_back(s);
      Enc term;
      if (crypto_scalarmult_ed25519_noclamp(term.data(), s.b, p.data()) != 0) continue;  // zero
      if (have) {
        ASSERT_EQ(crypto_core_ed25519_add(expected.data(), expected.data(), term.data()), 0);
      } else {
        expected = term;
        have = true;
      }
    }
    EXPECT_EQ(encode(multi_scalar_mul(points, scalars)), expected) << "n = " << n;
  }
  EXPECT_TRUE(point_is_identity(multi_scalar_mul({}, {})));
}

}  // namespace
}  // namespace zt::crypto::detail::ed25519
