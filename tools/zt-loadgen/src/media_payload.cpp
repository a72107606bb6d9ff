#include "media_payload.h"

#include "zt/rtp/big_endian.h"

namespace zt::loadgen {
namespace {

uint8_t filler(const PayloadHeader& h, size_t i) {
  return static_cast<uint8_t>(h.publisher * 31u + h.layer * 7u + h.sequence + i);
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
  for (size_t i = kPayloadHeaderSize; i < in.size(); ++i) {
    if (p[i] != filler(h, i)) return std::nullopt;
  }
  return h;
}

}  // namespace zt::loadgen
