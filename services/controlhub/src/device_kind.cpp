#include "device_kind.h"

namespace zt::controlhub {

std::vector<std::string> device_kind_names() {
  std::vector<std::string> out;
  for (const auto& k : kDeviceKinds) out.emplace_back(k.name);
  return out;
}

v1::DeviceKind device_kind_to_proto(std::string_view name) {
  for (const auto& k : kDeviceKinds) {
    if (k.name == name) return k.proto;
  }
  return v1::DEVICE_KIND_UNSPECIFIED;
}

}  // namespace zt::controlhub
