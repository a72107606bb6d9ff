#include "zt/mls/security_code.h"

#include <cstdio>
#include <stdexcept>

namespace zt::mls {

std::string security_code(BytesView epoch_authenticator) {
  constexpr size_t kGroups = 6;
  constexpr size_t kGroupBytes = 5;
  if (epoch_authenticator.size() < kGroups * kGroupBytes) {
    throw std::invalid_argument("epoch authenticator shorter than 30 bytes");
  }
  std::string out;
  out.reserve(kGroups * 6);
  for (size_t i = 0; i < kGroups; ++i) {
    uint64_t value = 0;
    for (size_t j = 0; j < kGroupBytes; ++j)
      value = (value << 8) | epoch_authenticator[kGroupBytes * i + j];
    char group[8];
    std::snprintf(group, sizeof(group), "%05u", static_cast<unsigned>(value % 100000));
    if (i != 0) out.push_back(' ');
    out += group;
  }
  return out;
}

}  // namespace zt::mls
