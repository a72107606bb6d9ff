#include "zt/mls/tls_writer.h"

#include <string>

namespace zt::mls {

void Writer::varint(size_t value) {
  if (value < 64) {
    u8(static_cast<uint8_t>(value));
  } else if (value < 16384) {
    u16(static_cast<uint16_t>(0x4000 | value));
  } else if (value <= kMaxVarint) {
    u32(static_cast<uint32_t>(0x80000000u | value));
  } else {
    throw EncodeError("vector of " + std::to_string(value) + " bytes exceeds 2^30-1");
  }
}

void Writer::end_vector(size_t body_start) {
  size_t len = out_.size() - body_start;
  size_t header_at = body_start - 1;
  if (len < 64) {
    out_[header_at] = static_cast<uint8_t>(len);
    return;
  }
  uint8_t header[4];
  size_t header_len;
  if (len < 16384) {
    header[0] = static_cast<uint8_t>(0x40 | (len >> 8));
    header[1] = static_cast<uint8_t>(len);
    header_len = 2;
  } else if (len <= kMaxVarint) {
    header[0] = static_cast<uint8_t>(0x80 | (len >> 24));
    header[1] = static_cast<uint8_t>(len >> 16);
    header[2] = static_cast<uint8_t>(len >> 8);
    header[3] = static_cast<uint8_t>(len);
    header_len = 4;
  } else {
    throw EncodeError("vector of " + std::to_string(len) + " bytes exceeds 2^30-1");
  }
  out_[header_at] = header[0];
  out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(body_start), header + 1,
              header + header_len);
}

}  // namespace zt::mls
