// What Control Hub knows about a device that the meeting policy needs: its
// kind (device_kind.h in Control Hub: legacy_sx_dx_mx and web_browser
// devices cannot join zero-trust meetings) and whether its app is
// E2EE-capable. ControlHubDevices (controlhub_devices.h) asks Control
// Hub's GetDevice and caches the answer briefly.
#pragma once

#include <optional>
#include <string>

#include "zt/controlhub/v1/controlhub.pb.h"

namespace zt::delivery {

struct DeviceInfo {
  std::string device_id;
  std::string org_id;
  controlhub::v1::DeviceKind kind = controlhub::v1::DEVICE_KIND_UNSPECIFIED;
  bool e2ee_capable = false;
};

class DeviceDirectory {
 public:
  virtual ~DeviceDirectory() = default;
  // The device, or nullopt if Control Hub has no such device. Throws
  // DeliveryError(kUnavailable) when Control Hub cannot be asked.
  virtual std::optional<DeviceInfo> device(const std::string& device_id) = 0;
};

// "legacy_sx_dx_mx", "web_browser", ...: the kind as Control Hub's REST API names it.
std::string device_kind_name(controlhub::v1::DeviceKind kind);

}  // namespace zt::delivery
