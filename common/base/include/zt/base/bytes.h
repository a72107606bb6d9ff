// Byte buffers and views shared by every zt library, plus hex conversion.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace zt {

using Bytes = std::vector<uint8_t>;
using BytesView = std::span<const uint8_t>;
using MutableBytesView = std::span<uint8_t>;

// Lower-case hex of `data`.
std::string to_hex(BytesView data);

// Parses hex (either case, even length); throws std::invalid_argument naming
// the offending position on bad input.
Bytes from_hex(std::string_view hex);

// The bytes of a string, without a terminator.
inline BytesView as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

inline Bytes concat(BytesView a, BytesView b) {
  Bytes out;
  out.reserve(a.size() + b.size());
  out.insert(out.end(), a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace zt
