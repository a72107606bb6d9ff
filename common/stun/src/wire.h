// STUN field helpers over the shared big-endian loads and stores
// (zt/base/big_endian.h). Callers check bounds first.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/big_endian.h"

namespace zt::stun::wire {

inline uint16_t load16(const uint8_t* p) { return load_be16(p); }
inline uint32_t load32(const uint8_t* p) { return load_be32(p); }
inline void store16(uint8_t* p, uint16_t v) { store_be16(p, v); }
inline void store32(uint8_t* p, uint32_t v) { store_be32(p, v); }
inline size_t padded(size_t n) { return (n + 3) & ~size_t{3}; }

}  // namespace zt::stun::wire
