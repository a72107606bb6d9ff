// RTCP field helpers over the shared big-endian loads and stores
// (zt/base/big_endian.h). Callers check bounds first.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/big_endian.h"

namespace zt::rtcp::wire {

inline uint16_t load16(const uint8_t* p) { return load_be16(p); }
inline uint32_t load32(const uint8_t* p) { return load_be32(p); }
inline void store16(uint8_t* p, uint16_t v) { store_be16(p, v); }
inline void store32(uint8_t* p, uint32_t v) { store_be32(p, v); }
// Writes the common header of a part of `size` bytes (a multiple of 4).
inline void store_header(uint8_t* p, uint8_t count, uint8_t type, size_t size) {
  p[0] = static_cast<uint8_t>(0x80 | (count & 0x1F));
  p[1] = type;
  store16(p + 2, static_cast<uint16_t>(size / 4 - 1));
}

}  // namespace zt::rtcp::wire
