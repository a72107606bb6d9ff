// GF(2^255 - 19), the field of edwards25519 (RFC 8032 section 5.1), in
// radix 2^51: five 64-bit limbs, products in unsigned __int128.
//
// Variable time, for public data only (signature verification); secrets
// never pass through here.
//
// Limb bounds: every function returns "weakly reduced" limbs (< 2^51 + 2^15)
// and accepts limbs < 2^54, so results of add/sub may feed mul directly.
// Only to_bytes() gives the canonical value in [0, p).
#pragma once

#include <cstdint>

namespace zt::crypto::detail::ed25519 {

struct Fe {
  uint64_t v[5];
};

inline constexpr uint64_t kMask51 = (uint64_t{1} << 51) - 1;

inline Fe fe_zero() { return Fe{{0, 0, 0, 0, 0}}; }
inline Fe fe_one() { return Fe{{1, 0, 0, 0, 0}}; }
inline Fe fe_small(uint64_t x) { return Fe{{x, 0, 0, 0, 0}}; }  // x < 2^51

// Carries limbs above 51 bits upwards; the carry out of the top limb comes
// back multiplied by 19 (2^255 = 19 mod p).
inline Fe fe_carry(Fe h) {
  uint64_t c;
  c = h.v[0] >> 51, h.v[0] &= kMask51, h.v[1] += c;
  c = h.v[1] >> 51, h.v[1] &= kMask51, h.v[2] += c;
  c = h.v[2] >> 51, h.v[2] &= kMask51, h.v[3] += c;
  c = h.v[3] >> 51, h.v[3] &= kMask51, h.v[4] += c;
  c = h.v[4] >> 51, h.v[4] &= kMask51, h.v[0] += 19 * c;
  return h;
}

inline Fe fe_add(const Fe& f, const Fe& g) {
  return fe_carry(
      Fe{{f.v[0] + g.v[0], f.v[1] + g.v[1], f.v[2] + g.v[2], f.v[3] + g.v[3], f.v[4] + g.v[4]}});
}

// f - g + 8p, so no limb goes negative for g's limbs < 2^54.
inline Fe fe_sub(const Fe& f, const Fe& g) {
  constexpr uint64_t k8p0 = 8 * ((uint64_t{1} << 51) - 19);
  constexpr uint64_t k8pi = 8 * ((uint64_t{1} << 51) - 1);
  return fe_carry(Fe{{f.v[0] + k8p0 - g.v[0], f.v[1] + k8pi - g.v[1], f.v[2] + k8pi - g.v[2],
                      f.v[3] + k8pi - g.v[3], f.v[4] + k8pi - g.v[4]}});
}

inline Fe fe_neg(const Fe& f) { return fe_sub(fe_zero(), f); }

// Reduces five 128-bit column sums to weakly reduced limbs.
inline Fe fe_reduce_wide(unsigned __int128 r0, unsigned __int128 r1, unsigned __int128 r2,
                         unsigned __int128 r3, unsigned __int128 r4) {
  Fe h;
  r1 += static_cast<uint64_t>(r0 >> 51);
  h.v[0] = static_cast<uint64_t>(r0) & kMask51;
  r2 += static_cast<uint64_t>(r1 >> 51);
  h.v[1] = static_cast<uint64_t>(r1) & kMask51;
  r3 += static_cast<uint64_t>(r2 >> 51);
  h.v[2] = static_cast<uint64_t>(r2) & kMask51;
  r4 += static_cast<uint64_t>(r3 >> 51);
  h.v[3] = static_cast<uint64_t>(r3) & kMask51;
  const auto c = static_cast<uint64_t>(r4 >> 51);
  h.v[4] = static_cast<uint64_t>(r4) & kMask51;
  h.v[0] += 19 * c;  // inputs < 2^54 give r4 < 2^111, so 19c < 2^64
  h.v[1] += h.v[0] >> 51;
  h.v[0] &= kMask51;
  return h;
}

inline Fe fe_mul(const Fe& f, const Fe& g) {
  using u128 = unsigned __int128;
  const uint64_t f0 = f.v[0], f1 = f.v[1], f2 = f.v[2], f3 = f.v[3], f4 = f.v[4];
  const uint64_t g0 = g.v[0], g1 = g.v[1], g2 = g.v[2], g3 = g.v[3], g4 = g.v[4];
  const uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
  const u128 r0 =
      u128{f0} * g0 + u128{f1} * g4_19 + u128{f2} * g3_19 + u128{f3} * g2_19 + u128{f4} * g1_19;
  const u128 r1 =
      u128{f0} * g1 + u128{f1} * g0 + u128{f2} * g4_19 + u128{f3} * g3_19 + u128{f4} * g2_19;
  const u128 r2 =
      u128{f0} * g2 + u128{f1} * g1 + u128{f2} * g0 + u128{f3} * g4_19 + u128{f4} * g3_19;
  const u128 r3 = u128{f0} * g3 + u128{f1} * g2 + u128{f2} * g1 + u128{f3} * g0 + u128{f4} * g4_19;
  const u128 r4 = u128{f0} * g4 + u128{f1} * g3 + u128{f2} * g2 + u128{f3} * g1 + u128{f4} * g0;
  return fe_reduce_wide(r0, r1, r2, r3, r4);
}

inline Fe fe_sq(const Fe& f) {
  using u128 = unsigned __int128;
  const uint64_t f0 = f.v[0], f1 = f.v[1], f2 = f.v[2], f3 = f.v[3], f4 = f.v[4];
  const uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1;
  const uint64_t f1_38 = 38 * f1, f2_38 = 38 * f2, f3_38 = 38 * f3;
  const uint64_t f3_19 = 19 * f3, f4_19 = 19 * f4;
  const u128 r0 = u128{f0} * f0 + u128{f1_38} * f4 + u128{f2_38} * f3;
  const u128 r1 = u128{f0_2} * f1 + u128{f2_38} * f4 + u128{f3_19} * f3;
  const u128 r2 = u128{f0_2} * f2 + u128{f1} * f1 + u128{f3_38} * f4;
  const u128 r3 = u128{f0_2} * f3 + u128{f1_2} * f2 + u128{f4_19} * f4;
  const u128 r4 = u128{f0_2} * f4 + u128{f1_2} * f3 + u128{f2} * f2;
  return fe_reduce_wide(r0, r1, r2, r3, r4);
}

// f^(2^n).
inline Fe fe_sq_n(Fe f, int n) {
  for (int i = 0; i < n; ++i) f = fe_sq(f);
  return f;
}

// The 32-byte little-endian encoding, bit 255 ignored (the value may be
// >= p: callers that need canonical input check it with fe_is_canonical).
Fe fe_from_bytes(const uint8_t in[32]);
// Canonical encoding of the value in [0, p).
void fe_to_bytes(uint8_t out[32], const Fe& f);
// True when in[0..31] with bit 255 cleared is < p.
bool fe_is_canonical(const uint8_t in[32]);

bool fe_is_zero(const Fe& f);
bool fe_equal(const Fe& f, const Fe& g);
// The low bit of the canonical value ("negative" in RFC 8032 section 5.1.2).
bool fe_is_odd(const Fe& f);

Fe fe_invert(const Fe& z);    // z^(p-2)
Fe fe_pow22523(const Fe& z);  // z^((p-5)/8) = z^(2^252 - 3)

}  // namespace zt::crypto::detail::ed25519
