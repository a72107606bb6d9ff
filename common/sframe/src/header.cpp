#include "zt/sframe/header.h"

namespace zt::sframe {
namespace {

constexpr uint64_t kInlineLimit = 8;  // values 0..7 live in the config byte
constexpr uint8_t kExtendedFlag = 0x08;
constexpr uint8_t kValueMask = 0x07;

size_t value_length(uint64_t v) {
  size_t n = 1;
  while (n < 8 && (v >> (8 * n)) != 0) ++n;
  return n;
}

// The 4-bit half of the config byte for `v`, and how many bytes follow.
uint8_t nibble(uint64_t v, size_t& extra) {
  if (v < kInlineLimit) {
    extra = 0;
    return static_cast<uint8_t>(v);
  }
  extra = value_length(v);
  return static_cast<uint8_t>(kExtendedFlag | (extra - 1));
}

void write_value(uint64_t v, size_t len, uint8_t* out) {
  for (size_t i = 0; i < len; ++i) out[i] = static_cast<uint8_t>(v >> (8 * (len - 1 - i)));
}

// Reads the value announced by `half` at data[pos]; advances pos.
Expected<uint64_t, SFrameError> read_value(uint8_t half, BytesView data, size_t& pos) {
  if ((half & kExtendedFlag) == 0) return uint64_t{half};
  size_t len = static_cast<size_t>(half & kValueMask) + 1;
  if (data.size() - pos < len) return unexpected(SFrameError::kTruncatedHeader);
  uint64_t v = 0;
  for (size_t i = 0; i < len; ++i) v = (v << 8) | data[pos + i];
  pos += len;
  if (v < kInlineLimit || value_length(v) != len) return unexpected(SFrameError::kNonMinimalHeader);
  return v;
}

}  // namespace

size_t encoded_size(const Header& header) {
  size_t kid_extra = 0;
  size_t ctr_extra = 0;
  nibble(header.kid, kid_extra);
  nibble(header.ctr, ctr_extra);
  return 1 + kid_extra + ctr_extra;
}

Expected<size_t, SFrameError> encode_header(const Header& header, MutableBytesView out) {
  size_t kid_extra = 0;
  size_t ctr_extra = 0;
  uint8_t k = nibble(header.kid, kid_extra);
  uint8_t c = nibble(header.ctr, ctr_extra);
  size_t size = 1 + kid_extra + ctr_extra;
  if (out.size() < size) return unexpected(SFrameError::kBufferTooSmall);
  out[0] = static_cast<uint8_t>((k << 4) | c);
  write_value(header.kid, kid_extra, out.data() + 1);
  write_value(header.ctr, ctr_extra, out.data() + 1 + kid_extra);
  return size;
}

Expected<DecodedHeader, SFrameError> decode_header(BytesView data) {
  if (data.empty()) return unexpected(SFrameError::kTruncatedHeader);
  size_t pos = 1;
  auto kid = read_value(static_cast<uint8_t>(data[0] >> 4), data, pos);
  if (!kid) return unexpected(kid.error());
  auto ctr = read_value(static_cast<uint8_t>(data[0] & 0x0F), data, pos);
  if (!ctr) return unexpected(ctr.error());
  return DecodedHeader{{*kid, *ctr}, pos};
}

}  // namespace zt::sframe
