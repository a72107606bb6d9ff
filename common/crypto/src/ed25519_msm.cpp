#include "ed25519_msm.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <vector>

namespace zt::crypto::detail::ed25519 {
namespace {

// Window width: the cost per window is (points + 2^c) additions over
// 256 / c windows; c near log2(n) - 3 minimizes it.
int window_bits(size_t n) { return std::clamp(static_cast<int>(std::bit_width(n)) - 3, 4, 12); }

// Bits [pos, pos + c) of s (zero beyond bit 255), c <= 16.
uint32_t scalar_bits(const Scalar& s, int pos, int c) {
  uint32_t v = 0;
  for (int i = c - 1; i >= 0; --i) {
    const int bit = pos + i;
    v = (v << 1) | (bit < 256 ? (s.b[bit / 8] >> (bit % 8)) & 1u : 0u);
  }
  return v;
}

// Signed digits d_k in [-2^(c-1), 2^(c-1)) with s = sum d_k 2^(c k), one
// row of `windows` digits per scalar.
std::vector<int16_t> signed_digits(std::span<const Scalar> scalars, int c, int windows) {
  std::vector<int16_t> digits(scalars.size() * static_cast<size_t>(windows));
  const int32_t radix = 1 << c, half = radix / 2;
  for (size_t i = 0; i < scalars.size(); ++i) {
    int32_t carry = 0;
    for (int k = 0; k < windows; ++k) {
      int32_t v = static_cast<int32_t>(scalar_bits(scalars[i], k * c, c)) + carry;
      carry = v >= half ? 1 : 0;
      v -= carry * radix;
      digits[i * static_cast<size_t>(windows) + static_cast<size_t>(k)] = static_cast<int16_t>(v);
    }
    assert(carry == 0);
  }
  return digits;
}

Point negate(const Point& p) { return Point{fe_neg(p.x), p.y, p.z, fe_neg(p.t)}; }

// Adds `q` into the optional accumulator `acc` (absent = identity).
void accumulate(std::optional<Point>& acc, const Point& q) {
  acc = acc ? point_add(*acc, point_cache(q)) : q;
}

}  // namespace

Point multi_scalar_mul(std::span<const Point> points, std::span<const Scalar> scalars) {
  assert(points.size() == scalars.size());
  const size_t n = points.size();
  const int c = window_bits(n);
  const int windows = (256 + c - 1) / c + 1;  // + 1 for the last carry
  const std::vector<int16_t> digits = signed_digits(scalars, c, windows);
  std::vector<CachedPoint> cached(n), negated(n);
  for (size_t i = 0; i < n; ++i) {
    cached[i] = point_cache(points[i]);
    negated[i] = cached_neg(cached[i]);
  }
  const size_t bucket_count = size_t{1} << (c - 1);
  std::vector<std::optional<Point>> buckets(bucket_count);
  std::optional<Point> result;
  for (int k = windows - 1; k >= 0; --k) {
    if (result) {
      for (int j = 0; j < c; ++j) result = point_double(*result);
    }
    std::fill(buckets.begin(), buckets.end(), std::nullopt);
    for (size_t i = 0; i < n; ++i) {
      const int d = digits[i * static_cast<size_t>(windows) + static_cast<size_t>(k)];
      if (d == 0) continue;
      std::optional<Point>& b = buckets[static_cast<size_t>(d > 0 ? d : -d) - 1];
      if (b) {
        b = point_add(*b, d > 0 ? cached[i] : negated[i]);
      } else {
        b = d > 0 ? points[i] : negate(points[i]);
      }
    }
    // sum_j (j + 1) bucket_j as a running sum from the top bucket down.
    std::optional<Point> running, window_sum;
    for (size_t j = bucket_count; j-- > 0;) {
      if (buckets[j]) accumulate(running, *buckets[j]);
      if (running) accumulate(window_sum, *running);
    }
    if (window_sum) accumulate(result, *window_sum);
  }
  return result ? *result : point_identity();
}

}  // namespace zt::crypto::detail::ed25519
