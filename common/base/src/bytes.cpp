#include "zt/base/bytes.h"

#include <stdexcept>

#include "zt/base/hex.h"

namespace zt {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

void to_hex_into(BytesView data, MutableBytesView out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  if (out.size() != data.size() * 2) throw std::invalid_argument("to_hex_into: wrong output size");
  size_t n = 0;
  for (uint8_t b : data) {
    out[n++] = static_cast<uint8_t>(kDigits[b >> 4]);
    out[n++] = static_cast<uint8_t>(kDigits[b & 0x0f]);
  }
}

std::string to_hex(BytesView data) {
  std::string out(data.size() * 2, '\0');
  to_hex_into(data, {reinterpret_cast<uint8_t*>(out.data()), out.size()});
  return out;
}

Bytes from_hex(std::string_view hex) {
  Bytes out(hex.size() / 2);
  from_hex_into(hex, out);
  return out;
}

void from_hex_into(std::string_view hex, MutableBytesView out) {
  if (hex.size() % 2 != 0) throw std::invalid_argument("hex string has odd length");
  if (out.size() != hex.size() / 2) throw std::invalid_argument("from_hex_into: wrong output size");
  for (size_t i = 0; i < out.size(); ++i) {
    int hi = hex_value(hex[2 * i]);
    int lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      throw std::invalid_argument("invalid hex digit at offset " + std::to_string(2 * i));
    }
    out[i] = static_cast<uint8_t>((hi << 4) | lo);
  }
}

}  // namespace zt
