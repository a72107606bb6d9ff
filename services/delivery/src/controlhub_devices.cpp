#include "controlhub_devices.h"

#include "delivery_error.h"

namespace zt::delivery {
namespace {

constexpr std::chrono::milliseconds kDeadline{3000};
constexpr std::size_t kMaxCached = 100'000;

}  // namespace

std::optional<DeviceInfo> ControlHubDevices::ask(const std::string& device_id) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto ctx = hub_.context(kDeadline);
    if (!ctx) break;
    controlhub::v1::GetDeviceRequest req;
    req.set_device_id(device_id);
    controlhub::v1::Device out;
    grpc::Status st = hub_.stub().GetDevice(ctx.get(), req, &out);
    if (st.ok()) return DeviceInfo{out.device_id(), out.org_id(), out.kind(), out.e2ee_capable()};
    // Not a device Control Hub knows (INVALID_ARGUMENT: not even a UUID).
    if (st.error_code() == grpc::StatusCode::NOT_FOUND ||
        st.error_code() == grpc::StatusCode::INVALID_ARGUMENT)
      return std::nullopt;
    if (st.error_code() != grpc::StatusCode::UNAUTHENTICATED) break;
    hub_.token_refused();  // an expired or revoked service token: one new one
  }
  throw DeliveryError::unavailable("Control Hub cannot tell this device's kind now: retry");
}

std::optional<DeviceInfo> ControlHubDevices::device(const std::string& device_id) {
  auto now = clock_.steady_now();
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(device_id);
    if (it != cache_.end() && now - it->second.at < ttl_) return it->second.device;
  }
  std::optional<DeviceInfo> d = ask(device_id);
  std::lock_guard lock(mutex_);
  if (cache_.size() >= kMaxCached) cache_.clear();
  cache_[device_id] = {d, now};
  return d;
}

}  // namespace zt::delivery
