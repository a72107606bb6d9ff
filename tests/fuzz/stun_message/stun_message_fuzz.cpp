// Any bytes: parse as STUN; when it parses, check MESSAGE-INTEGRITY with a
// fixed key and rebuild a response to it. Must never crash or overrun.
#include <array>
#include <cstdint>

#include "zt/stun/builder.h"
#include "zt/stun/message.h"

namespace {

// A stand-in MAC (the fuzzer exercises framing, not HMAC).
class XorKey final : public zt::stun::IntegrityKey {
 public:
  zt::stun::Sha1Tag mac(zt::BytesView header, zt::BytesView body) override {
    zt::stun::Sha1Tag t{};
    size_t i = 0;
    for (uint8_t b : header) t[i++ % t.size()] ^= b;
    for (uint8_t b : body) t[i++ % t.size()] ^= b;
    return t;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zt::BytesView in(data, size);
  (void)zt::stun::looks_like_stun(in);
  auto m = zt::stun::parse(in);
  if (!m) return 0;
  XorKey key;
  (void)zt::stun::verify_integrity(*m, key);
  std::array<uint8_t, 600> out{};
  zt::stun::MessageBuilder b(out, zt::stun::kBindingSuccess, m->transaction_id);
  b.add_username(m->username).add_xor_mapped_address(m->xor_mapped_address).add_integrity(key).add_fingerprint();
  if (b.ok() && !zt::stun::parse(b.bytes())) __builtin_trap();  // what we build must parse
  return 0;
}
