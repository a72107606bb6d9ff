// Ed25519 batch verification (zt/crypto/signature_batch.h): per-item
// pre-checks, then one cofactored batch equation by multi-scalar
// multiplication, libsodium one by one for whatever does not pass.
#include "ed25519_batch.h"

#include <sodium.h>

#include <algorithm>

#include "ed25519_msm.h"

namespace zt::crypto::detail {
namespace {

using ed25519::Point;
using ed25519::Scalar;

// L = 2^252 + 27742317777372353535851937790883648493, little-endian.
constexpr uint8_t kOrderL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7,
                                 0xa2, 0xde, 0xf9, 0xde, 0x14, 0,    0,    0,    0,    0,    0,
                                 0,    0,    0,    0,    0,    0,    0,    0,    0,    0x10};

bool below_order(const uint8_t s[32]) {
  for (int i = 31; i >= 0; --i) {
    if (s[i] != kOrderL[i]) return s[i] < kOrderL[i];
  }
  return false;  // equal to L
}

// One item ready for the batch equation.
struct Prepared {
  size_t index;
  Point r, a;
  Scalar s, h;
};

// libsodium's checks (S < L; R, A not of small order; A canonical) and ours
// (R and A decode). False sends the item to libsodium alone.
bool prepare(const SignatureCheck& item, size_t index, Prepared& out) {
  if (item.public_key.size() != 32 || item.signature.size() != 64) return false;
  const uint8_t* r_bytes = item.signature.data();
  const uint8_t* s_bytes = item.signature.data() + 32;
  if (!below_order(s_bytes)) return false;
  const auto r = ed25519::point_decode(r_bytes);
  if (!r || ed25519::point_has_small_order(*r)) return false;
  const auto a = ed25519::point_decode(item.public_key.data());
  if (!a || ed25519::point_has_small_order(*a)) return false;
  uint8_t digest[64];
  crypto_hash_sha512_state st;
  crypto_hash_sha512_init(&st);
  crypto_hash_sha512_update(&st, r_bytes, 32);
  crypto_hash_sha512_update(&st, item.public_key.data(), 32);
  crypto_hash_sha512_update(&st, item.message.data(), item.message.size());
  crypto_hash_sha512_final(&st, digest);
  out.index = index;
  out.r = *r;
  out.a = *a;
  std::copy(s_bytes, s_bytes + 32, out.s.b);
  crypto_core_ed25519_scalar_reduce(out.h.b, digest);
  return true;
}

// [8] (sum z_i R_i + sum (z_i h_i) A_i - (sum z_i S_i) B) = 0.
bool batch_equation_holds(std::span<const Prepared> items, RandomSource& random) {
  const size_t n = items.size();
  Bytes z(16 * n);
  random.fill(z);
  std::vector<Point> points;
  std::vector<Scalar> scalars;
  points.reserve(2 * n + 1);
  scalars.reserve(2 * n + 1);
  Scalar zs_sum{};
  for (size_t i = 0; i < n; ++i) {
    Scalar zi{};
    std::copy_n(z.begin() + static_cast<std::ptrdiff_t>(16 * i), 16, zi.b);
    Scalar zh, zs;
    crypto_core_ed25519_scalar_mul(zh.b, zi.b, items[i].h.b);
    crypto_core_ed25519_scalar_mul(zs.b, zi.b, items[i].s.b);
    crypto_core_ed25519_scalar_add(zs_sum.b, zs_sum.b, zs.b);
    points.push_back(items[i].r);
    scalars.push_back(zi);
    points.push_back(items[i].a);
    scalars.push_back(zh);
  }
  Scalar b_scalar;
  crypto_core_ed25519_scalar_negate(b_scalar.b, zs_sum.b);
  points.push_back(ed25519::curve().base);
  scalars.push_back(b_scalar);
  return ed25519::point_has_small_order(ed25519::multi_scalar_mul(points, scalars));
}

}  // namespace

std::vector<bool> ed25519_verify_batch(std::span<const SignatureCheck> items,
                                       RandomSource& random) {
  sodium_ready();
  std::vector<bool> ok(items.size(), false);
  std::vector<Prepared> batch;
  std::vector<size_t> singly;
  if (items.size() > 1) {
    batch.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      Prepared p;
      if (prepare(items[i], i, p)) {
        batch.push_back(p);
      } else {
        singly.push_back(i);
      }
    }
  } else {
    for (size_t i = 0; i < items.size(); ++i) singly.push_back(i);
  }
  if (!batch.empty()) {
    const bool holds = batch_equation_holds(batch, random);
    for (const Prepared& p : batch) {
      if (holds) {
        ok[p.index] = true;
      } else {
        singly.push_back(p.index);
      }
    }
  }
  for (const size_t i : singly) {
    ok[i] = ed25519_verify(items[i].public_key, items[i].message, items[i].signature);
  }
  return ok;
}

}  // namespace zt::crypto::detail
