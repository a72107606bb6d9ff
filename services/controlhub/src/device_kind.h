// The device kinds, declared once: the REST API's and the database's names,
// and the gRPC enum other services read (the Delivery Service refuses
// legacy_sx_dx_mx and web_browser devices in zero-trust meetings).
// migrations/0001_init.sql's CHECK constraint lists the same names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zt/controlhub/v1/controlhub.pb.h"

namespace zt::controlhub {

struct DeviceKind {
  std::string_view name;
  v1::DeviceKind proto;
};

inline constexpr DeviceKind kDeviceKinds[] = {
    {"desktop", v1::DEVICE_KIND_DESKTOP},
    {"mobile", v1::DEVICE_KIND_MOBILE},
    {"room_device", v1::DEVICE_KIND_ROOM_DEVICE},
    {"desk_device", v1::DEVICE_KIND_DESK_DEVICE},
    {"board", v1::DEVICE_KIND_BOARD},
    {"legacy_sx_dx_mx", v1::DEVICE_KIND_LEGACY_SX_DX_MX},
    {"web_browser", v1::DEVICE_KIND_WEB_BROWSER},
};

// Every name, in declaration order (the allowed values of a "kind" field).
std::vector<std::string> device_kind_names();
// DEVICE_KIND_UNSPECIFIED for a name that is not a kind.
v1::DeviceKind device_kind_to_proto(std::string_view name);

}  // namespace zt::controlhub
