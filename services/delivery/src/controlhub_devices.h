// DeviceDirectory over Control Hub's GetDevice, each answer (found or not)
// cached for `ttl` so a batched join of many devices costs one call per
// device and minute, not one per check.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>

#include "controlhub_client.h"
#include "device_directory.h"
#include "zt/base/clock.h"

namespace zt::delivery {

class ControlHubDevices final : public DeviceDirectory {
 public:
  ControlHubDevices(ControlHubClient& hub, const Clock& clock,
                    std::chrono::seconds ttl = std::chrono::seconds(60))
      : hub_(hub), clock_(clock), ttl_(ttl) {}

  std::optional<DeviceInfo> device(const std::string& device_id) override;

 private:
  struct Cached {
    std::optional<DeviceInfo> device;
    std::chrono::steady_clock::time_point at;
  };
  std::optional<DeviceInfo> ask(const std::string& device_id);

  ControlHubClient& hub_;
  const Clock& clock_;
  std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::map<std::string, Cached> cache_;
};

}  // namespace zt::delivery
