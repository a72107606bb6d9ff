// Fuzzes the SFrame header decoder: any input either fails cleanly or decodes
// to a header whose shortest encoding is exactly the bytes consumed.
#include <array>
#include <cstdint>
#include <cstring>

#include "zt/sframe/header.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zt::BytesView input(data, size);
  auto decoded = zt::sframe::decode_header(input);
  if (!decoded) return 0;
  std::array<uint8_t, zt::sframe::kMaxHeaderSize> out{};
  auto n = zt::sframe::encode_header(decoded->header, out);
  if (!n || *n != decoded->size || std::memcmp(out.data(), data, *n) != 0) __builtin_trap();
  return 0;
}
