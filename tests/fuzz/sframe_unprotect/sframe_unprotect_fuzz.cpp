// Fuzzes unprotect for every suite with the key of the RFC 9605 vectors
// (KID 0x123, base key 00..0f, metadata "IETF SFrame WG"), so the seeds are
// valid frames and mutations explore the authentication and replay paths.
// Also drives the MLS key manager's KID/epoch dispatch.
#include <cstdint>
#include <string_view>

#include "zt/crypto/secret_bytes.h"
#include "zt/sframe/context.h"
#include "zt/sframe/mls_key_manager.h"

namespace {

using zt::sframe::CipherSuite;

constexpr uint64_t kKid = 0x123;

void fuzz_context(CipherSuite suite, zt::BytesView frame) {
  static const zt::Bytes base_key = zt::from_hex("000102030405060708090a0b0c0d0e0f");
  static const zt::Bytes metadata = zt::from_hex("4945544620534672616d65205747");
  zt::sframe::Context ctx(suite);
  if (!ctx.add_key(kKid, base_key, zt::sframe::KeyUsage::kDecrypt)) __builtin_trap();
  zt::Bytes out(frame.size());
  auto n = ctx.unprotect(frame, metadata, out);
  if (n && *n > frame.size()) __builtin_trap();
  if (n && ctx.unprotect(frame, metadata, out)) __builtin_trap();  // a replay must fail
}

void fuzz_mls(zt::BytesView frame) {
  static zt::ManualClock clock;
  zt::sframe::MlsKeyConfig config;
  config.clock = &clock;
  zt::sframe::MlsKeyManager manager(config);
  auto exporter = [](std::string_view, zt::BytesView, size_t length) {
    return zt::crypto::SecretBytes(zt::Bytes(length, 0x42));
  };
  if (!manager.add_epoch(1, 40, 0, exporter)) __builtin_trap();
  zt::Bytes out(frame.size());
  auto r = manager.unprotect(frame, {}, out);
  if (r && r->size > frame.size()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zt::BytesView frame(data, size);
  for (uint16_t s = 1; s <= 5; ++s) fuzz_context(static_cast<CipherSuite>(s), frame);
  fuzz_mls(frame);
  return 0;
}
