// Fuzzes our edwards25519 point decoding and crypto::verify_batch against
// libsodium. The input is a list of records
//   flags (1) | public key (32) | signature (64) | message length (1) | message
// flags bit 0: sign the message with a fixed key first, then XOR the record's
// signature (bit 1) and public key (bit 2) bytes into it, so batches mix
// valid, slightly broken and arbitrary items. Aborts when
// - a decoded point does not re-encode to its input bytes, or a point
//   libsodium calls valid does not decode or decodes to small order;
// - verify_batch disagrees with libsodium's single verification on any item.
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "ed25519_point.h"
#include "zt/crypto/signature_batch.h"

namespace {

using zt::crypto::detail::ed25519::point_decode;
using zt::crypto::detail::ed25519::point_encode;
using zt::crypto::detail::ed25519::point_has_small_order;

struct Record {
  uint8_t pk[32];
  uint8_t sig[64];
  std::vector<uint8_t> msg;
};

void check_point(const uint8_t in[32]) {
  const auto p = point_decode(in);
  if (p) {
    uint8_t again[32];
    point_encode(again, *p);
    if (std::memcmp(again, in, 32) != 0) __builtin_trap();
  }
  if (crypto_core_ed25519_is_valid_point(in) == 1 && (!p || point_has_small_order(*p))) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = sodium_init() >= 0;
  static uint8_t signer_pk[32], signer_sk[64];
  static const bool keyed = [] {
    uint8_t seed[32];
    std::memset(seed, 7, sizeof seed);
    return crypto_sign_ed25519_seed_keypair(signer_pk, signer_sk, seed) == 0;
  }();
  if (!ready || !keyed) __builtin_trap();

  std::vector<Record> records;
  size_t pos = 0;
  while (size - pos >= 1 + 32 + 64 + 1 && records.size() < 70) {
    const uint8_t flags = data[pos];
    Record r;
    std::memcpy(r.pk, data + pos + 1, 32);
    std::memcpy(r.sig, data + pos + 33, 64);
    const size_t len = std::min<size_t>(data[pos + 97], size - pos - 98);
    r.msg.assign(data + pos + 98, data + pos + 98 + len);
    pos += 98 + len;
    check_point(r.pk);
    check_point(r.sig);
    if (flags & 1) {
      uint8_t sig[64];
      crypto_sign_ed25519_detached(sig, nullptr, r.msg.data(), r.msg.size(), signer_sk);
      for (int i = 0; i < 64; ++i) r.sig[i] = (flags & 2) ? r.sig[i] ^ sig[i] : sig[i];
      for (int i = 0; i < 32; ++i) r.pk[i] = (flags & 4) ? r.pk[i] ^ signer_pk[i] : signer_pk[i];
    }
    records.push_back(std::move(r));
  }
  std::vector<zt::crypto::SignatureCheck> checks;
  for (const Record& r : records) checks.push_back({{r.pk, 32}, r.msg, {r.sig, 64}});
  const std::vector<bool> got =
      zt::crypto::verify_batch(zt::crypto::SignatureScheme::kEd25519, checks);
  for (size_t i = 0; i < records.size(); ++i) {
    const bool want =
        crypto_sign_ed25519_verify_detached(records[i].sig, records[i].msg.data(),
                                            records[i].msg.size(), records[i].pk) == 0;
    if (got[i] != want) __builtin_trap();
  }
  return 0;
}
