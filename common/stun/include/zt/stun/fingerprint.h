// FINGERPRINT (RFC 5389 section 15.5): CRC-32 (ISO 3309 / ITU-T V.42, the
// zlib polynomial) of the message before the attribute, XOR 0x5354554E.
#pragma once

#include <cstdint>

#include "zt/base/bytes.h"

namespace zt::stun {

constexpr uint32_t kFingerprintXor = 0x5354554E;

uint32_t crc32(BytesView data);

// The FINGERPRINT value for a message whose attribute starts at `offset`
// (the header length must already count the 8 bytes of the attribute).
inline uint32_t fingerprint_value(BytesView message, size_t offset) {
  return crc32(message.first(offset)) ^ kFingerprintXor;
}

}  // namespace zt::stun
