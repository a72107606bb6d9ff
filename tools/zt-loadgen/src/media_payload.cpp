#include "media_payload.h"

#include <array>
#include <cstring>

#include "zt/rtp/big_endian.h"

namespace zt::loadgen {
namespace {

uint8_t filler(const PayloadHeader& h, size_t i) {
  return static_cast<uint8_t>(h.publisher * 31u + h.layer * 7u + h.sequence + i);
}

// The filler is a byte counter: compare it against a counting table with
// memcmp instead of byte by byte (the receiver checks 150k packets/s).
const uint8_t* counting_table() {
  static const auto table = [] {
    std::array<uint8_t, 256 + 2048> t{};
    for (size_t i = 0; i < t.size(); ++i) t[i] = static_cast<uint8_t>(i);
    return t;
  }();
  return table.data();
}

}  // namespace

void write_payload(const PayloadHeader& h, MutableBytesView out) {
  uint8_t* p = out.data();
  p[0] = 'Z';
  p[1] = 'T';
  rtp::store_be16(p + 2, h.publisher);
  p[4] = h.layer;
  rtp::store_be32(p + 5, h.sequence);
  rtp::store_be32(p + 9, static_cast<uint32_t>(static_cast<uint64_t>(h.send_ns) >> 32));
  rtp::store_be32(p + 13, static_cast<uint32_t>(h.send_ns));
  for (size_t i = kPayloadHeaderSize; i < out.size(); ++i) p[i] = filler(h, i);
}

std::optional<PayloadHeader> check_payload(BytesView in) {
  if (in.size() < kPayloadHeaderSize || in[0] != 'Z' || in[1] != 'T') return std::nullopt;
  const uint8_t* p = in.data();
  PayloadHeader h;
  h.publisher = rtp::load_be16(p + 2);
  h.layer = p[4];
  h.sequence = rtp::load_be32(p + 5);
  h.send_ns = static_cast<int64_t>(uint64_t{rtp::load_be32(p + 9)} << 32 | rtp::load_be32(p + 13));
  size_t n = in.size() - kPayloadHeaderSize;
  if (n > 2048) return std::nullopt;
  if (n > 0 && std::memcmp(p + kPayloadHeaderSize, counting_table() + filler(h, kPayloadHeaderSize), n) != 0) {
    return std::nullopt;
  }
  return h;
}

}  // namespace zt::loadgen
