#include "ed25519_field.h"

#include <cstring>

namespace zt::crypto::detail::ed25519 {
namespace {

uint64_t load64(const uint8_t* p) {
  uint64_t x = 0;
  for (int i = 7; i >= 0; --i) x = (x << 8) | p[i];
  return x;
}

}  // namespace

Fe fe_from_bytes(const uint8_t in[32]) {
  // Limb k holds bits [51k, 51k + 51); bit 255 is masked off by limb 4.
  return Fe{{load64(in) & kMask51, (load64(in + 6) >> 3) & kMask51,
             (load64(in + 12) >> 6) & kMask51, (load64(in + 19) >> 1) & kMask51,
             (load64(in + 24) >> 12) & kMask51}};
}

void fe_to_bytes(uint8_t out[32], const Fe& f) {
  Fe h = fe_carry(fe_carry(f));  // every limb < 2^51 now, value < 2p
  // q = 1 exactly when h >= p, i.e. when h + 19 carries past bit 255.
  uint64_t q = (h.v[0] + 19) >> 51;
  q = (h.v[1] + q) >> 51;
  q = (h.v[2] + q) >> 51;
  q = (h.v[3] + q) >> 51;
  q = (h.v[4] + q) >> 51;
  h.v[0] += 19 * q;  // h - q p = h + 19q - q 2^255
  h.v[1] += h.v[0] >> 51, h.v[0] &= kMask51;
  h.v[2] += h.v[1] >> 51, h.v[1] &= kMask51;
  h.v[3] += h.v[2] >> 51, h.v[2] &= kMask51;
  h.v[4] += h.v[3] >> 51, h.v[3] &= kMask51;
  h.v[4] &= kMask51;  // drops q 2^255
  const uint64_t w[4] = {h.v[0] | (h.v[1] << 51), (h.v[1] >> 13) | (h.v[2] << 38),
                         (h.v[2] >> 26) | (h.v[3] << 25), (h.v[3] >> 39) | (h.v[4] << 12)};
  for (int i = 0; i < 32; ++i) out[i] = static_cast<uint8_t>(w[i / 8] >> (8 * (i % 8)));
}

bool fe_is_canonical(const uint8_t in[32]) {
  uint8_t again[32];
  fe_to_bytes(again, fe_from_bytes(in));
  return std::memcmp(again, in, 31) == 0 && again[31] == (in[31] & 0x7f);
}

bool fe_is_zero(const Fe& f) {
  uint8_t b[32];
  fe_to_bytes(b, f);
  uint8_t any = 0;
  for (const uint8_t x : b) any |= x;
  return any == 0;
}

bool fe_equal(const Fe& f, const Fe& g) { return fe_is_zero(fe_sub(f, g)); }

bool fe_is_odd(const Fe& f) {
  uint8_t b[32];
  fe_to_bytes(b, f);
  return (b[0] & 1) != 0;
}

namespace {

// z^(2^250 - 1), and z^11 on the side: the common prefix of both chains.
Fe pow_2_250_minus_1(const Fe& z, Fe& z11) {
  const Fe z2 = fe_sq(z);
  const Fe z9 = fe_mul(fe_sq_n(z2, 2), z);
  z11 = fe_mul(z9, z2);
  const Fe z_5_0 = fe_mul(fe_sq(z11), z9);                 // 2^5 - 1
  const Fe z_10_0 = fe_mul(fe_sq_n(z_5_0, 5), z_5_0);      // 2^10 - 1
  const Fe z_20_0 = fe_mul(fe_sq_n(z_10_0, 10), z_10_0);   // 2^20 - 1
  const Fe z_40_0 = fe_mul(fe_sq_n(z_20_0, 20), z_20_0);   // 2^40 - 1
  const Fe z_50_0 = fe_mul(fe_sq_n(z_40_0, 10), z_10_0);   // 2^50 - 1
  const Fe z_100_0 = fe_mul(fe_sq_n(z_50_0, 50), z_50_0);  // 2^100 - 1
  const Fe z_200_0 = fe_mul(fe_sq_n(z_100_0, 100), z_100_0);
  return fe_mul(fe_sq_n(z_200_0, 50), z_50_0);  // 2^250 - 1
}

}  // namespace

Fe fe_invert(const Fe& z) {
  Fe z11;
  const Fe t = pow_2_250_minus_1(z, z11);
  return fe_mul(fe_sq_n(t, 5), z11);  // 2^255 - 32 + 11 = p - 2
}

Fe fe_pow22523(const Fe& z) {
  Fe z11;
  const Fe t = pow_2_250_minus_1(z, z11);
  return fe_mul(fe_sq_n(t, 2), z);  // 2^252 - 4 + 1
}

}  // namespace zt::crypto::detail::ed25519
