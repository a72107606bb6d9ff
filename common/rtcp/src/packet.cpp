#include "zt/rtcp/packet.h"

#include "wire.h"

namespace zt::rtcp {

const char* to_string(RtcpError e) {
  switch (e) {
    case RtcpError::kTruncated: return "truncated";
    case RtcpError::kBadVersion: return "bad_version";
    case RtcpError::kBadLength: return "bad_length";
    case RtcpError::kBadPadding: return "bad_padding";
    case RtcpError::kBufferTooSmall: return "buffer_too_small";
    case RtcpError::kInvalidArgument: return "invalid_argument";
  }
  return "unknown";
}

bool looks_like_rtcp(BytesView p) { return p.size() >= 2 && p[1] >= 192 && p[1] <= 223; }

bool CompoundReader::fail(RtcpError e) {
  failed_ = true;
  error_ = e;
  rest_ = {};
  return false;
}

bool CompoundReader::next(PacketView& out) {
  if (failed_ || rest_.empty()) return false;
  if (rest_.size() < kCommonHeaderSize) return fail(RtcpError::kTruncated);
  const uint8_t* p = rest_.data();
  if ((p[0] >> 6) != 2) return fail(RtcpError::kBadVersion);
  size_t size = (size_t{wire::load16(p + 2)} + 1) * 4;
  if (size > rest_.size()) return fail(RtcpError::kTruncated);
  size_t body = size - kCommonHeaderSize;
  if (p[0] & 0x20) {
    uint8_t pad = p[size - 1];
    if (pad == 0 || pad > body) return fail(RtcpError::kBadPadding);
    body -= pad;
  }
  out.type = p[1];
  out.count = p[0] & 0x1F;
  out.raw = rest_.first(size);
  out.body = rest_.subspan(kCommonHeaderSize, body);
  rest_ = rest_.subspan(size);
  return true;
}

Expected<size_t, RtcpError> validate_compound(BytesView compound) {
  if (compound.empty()) return unexpected(RtcpError::kTruncated);
  CompoundReader reader(compound);
  PacketView part;
  size_t n = 0;
  while (reader.next(part)) ++n;
  if (reader.failed()) return unexpected(reader.error());
  return n;
}

}  // namespace zt::rtcp
