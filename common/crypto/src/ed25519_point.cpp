#include "ed25519_point.h"

namespace zt::crypto::detail::ed25519 {
namespace {

CurveConstants make_constants() {
  CurveConstants k{};
  k.d = fe_mul(fe_neg(fe_small(121665)), fe_invert(fe_small(121666)));
  k.d2 = fe_add(k.d, k.d);
  // 2 is not a square mod p, so 2^((p-1)/2) = -1; (p-1)/4 = 2 (p-5)/8 + 1.
  const Fe two = fe_small(2);
  k.sqrt_m1 = fe_mul(fe_sq(fe_pow22523(two)), two);
  return k;
}

// x for the y of `in` per RFC 8032 section 5.1.3 steps 2-4, given d and
// sqrt(-1) explicitly (the base point is decoded while they are built).
std::optional<Point> decode_with(const uint8_t in[32], const Fe& d, const Fe& sqrt_m1) {
  if (!fe_is_canonical(in)) return std::nullopt;
  const bool x_0 = (in[31] >> 7) != 0;
  const Fe y = fe_from_bytes(in);
  const Fe yy = fe_sq(y);
  const Fe u = fe_sub(yy, fe_one());
  const Fe v = fe_add(fe_mul(d, yy), fe_one());
  // x = u v^3 (u v^7)^((p-5)/8)
  const Fe v3 = fe_mul(fe_sq(v), v);
  const Fe v7 = fe_mul(fe_sq(v3), v);
  Fe x = fe_mul(fe_mul(u, v3), fe_pow22523(fe_mul(u, v7)));
  const Fe vxx = fe_mul(v, fe_sq(x));
  if (!fe_equal(vxx, u)) {
    if (!fe_equal(vxx, fe_neg(u))) return std::nullopt;
    x = fe_mul(x, sqrt_m1);
  }
  if (fe_is_zero(x) && x_0) return std::nullopt;
  if (fe_is_odd(x) != x_0) x = fe_neg(x);
  return Point{x, y, fe_one(), fe_mul(x, y)};
}

}  // namespace

const CurveConstants& curve() {
  static const CurveConstants k = [] {
    CurveConstants c = make_constants();
    uint8_t enc[32];  // B: y = 4/5, x even: 0x58 then 31 bytes 0x66
    enc[0] = 0x58;
    for (int i = 1; i < 32; ++i) enc[i] = 0x66;
    c.base = *decode_with(enc, c.d, c.sqrt_m1);
    return c;
  }();
  return k;
}

std::optional<Point> point_decode(const uint8_t in[32]) {
  const CurveConstants& k = curve();
  return decode_with(in, k.d, k.sqrt_m1);
}

void point_encode(uint8_t out[32], const Point& p) {
  const Fe zinv = fe_invert(p.z);
  const Fe x = fe_mul(p.x, zinv);
  fe_to_bytes(out, fe_mul(p.y, zinv));
  if (fe_is_odd(x)) out[31] |= 0x80;
}

bool point_is_identity(const Point& p) { return fe_is_zero(p.x) && fe_equal(p.y, p.z); }

bool point_has_small_order(const Point& p) {
  return point_is_identity(point_double(point_double(point_double(p))));
}

}  // namespace zt::crypto::detail::ed25519
