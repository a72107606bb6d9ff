// Multi-scalar multiplication on edwards25519: sum of s_i P_i, by the bucket
// method (Pippenger) with signed radix-2^c digits. Variable time: for
// public points and scalars only (batch signature verification).
#pragma once

#include <cstdint>
#include <span>

#include "ed25519_point.h"

namespace zt::crypto::detail::ed25519 {

// A 256-bit scalar, little-endian (need not be reduced mod L; < 2^255).
struct Scalar {
  uint8_t b[32];
};

// points.size() == scalars.size(); the identity for none.
Point multi_scalar_mul(std::span<const Point> points, std::span<const Scalar> scalars);

}  // namespace zt::crypto::detail::ed25519
