// Points of edwards25519, -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19)
// (RFC 8032 section 5.1), in extended coordinates (X:Y:Z:T) with x = X/Z,
// y = Y/Z, x y = T/Z, and the addition and doubling formulas of RFC 8032
// section 5.1.4. Variable time: for public data only.
#pragma once

#include <optional>

#include "ed25519_field.h"

namespace zt::crypto::detail::ed25519 {

struct Point {
  Fe x, y, z, t;
};

// A point prepared as the second operand of additions:
// (Y + X, Y - X, 2 d T, 2 Z).
struct CachedPoint {
  Fe y_plus_x, y_minus_x, t2d, z2;
};

struct CurveConstants {
  Fe d;        // -121665 / 121666
  Fe d2;       // 2 d
  Fe sqrt_m1;  // 2^((p-1)/4), a square root of -1
  Point base;  // B of RFC 8032 section 5.1
};
const CurveConstants& curve();

inline Point point_identity() { return Point{fe_zero(), fe_one(), fe_one(), fe_zero()}; }

inline CachedPoint point_cache(const Point& p) {
  return CachedPoint{fe_add(p.y, p.x), fe_sub(p.y, p.x), fe_mul(p.t, curve().d2), fe_add(p.z, p.z)};
}

// -(x, y) = (-x, y): swaps Y+X with Y-X and negates T.
inline CachedPoint cached_neg(const CachedPoint& c) {
  return CachedPoint{c.y_minus_x, c.y_plus_x, fe_neg(c.t2d), c.z2};
}

// RFC 8032 section 5.1.4, addition (a = -1).
inline Point point_add(const Point& p, const CachedPoint& q) {
  const Fe a = fe_mul(fe_sub(p.y, p.x), q.y_minus_x);
  const Fe b = fe_mul(fe_add(p.y, p.x), q.y_plus_x);
  const Fe c = fe_mul(p.t, q.t2d);
  const Fe d = fe_mul(p.z, q.z2);
  const Fe e = fe_sub(b, a), f = fe_sub(d, c), g = fe_add(d, c), h = fe_add(b, a);
  return Point{fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}

// RFC 8032 section 5.1.4, doubling.
inline Point point_double(const Point& p) {
  const Fe a = fe_sq(p.x);
  const Fe b = fe_sq(p.y);
  const Fe zz = fe_sq(p.z);
  const Fe c = fe_add(zz, zz);
  const Fe h = fe_add(a, b);
  const Fe e = fe_sub(h, fe_sq(fe_add(p.x, p.y)));
  const Fe g = fe_sub(a, b);
  const Fe f = fe_add(c, g);
  return Point{fe_mul(e, f), fe_mul(g, h), fe_mul(f, g), fe_mul(e, h)};
}

// RFC 8032 section 5.1.3. Nothing when y >= p, x^2 has no square root, or
// x = 0 with the sign bit set.
std::optional<Point> point_decode(const uint8_t in[32]);
// RFC 8032 section 5.1.2.
void point_encode(uint8_t out[32], const Point& p);

bool point_is_identity(const Point& p);
// [8] p is the identity: p is one of the eight points of small order.
bool point_has_small_order(const Point& p);

}  // namespace zt::crypto::detail::ed25519
