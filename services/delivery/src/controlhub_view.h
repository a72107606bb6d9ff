// What the Delivery Service reads from Control Hub beyond token keys, owned
// in one place: its service token, the gRPC channel, the device directory
// (kinds, E2EE capability) and the org policies it watches. Without
// service credentials there is none of it: devices() and orgs() are null
// and the meeting policy checks neither (main.cpp warns).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "controlhub_client.h"
#include "controlhub_devices.h"
#include "org_policy_watch.h"
#include "service_token.h"

namespace zt::delivery {

struct ControlHubOptions {
  std::string address = "127.0.0.1:7001";                        // gRPC
  std::string token_url = "http://127.0.0.1:8001/v1/oauth/token";  // client credentials
  std::optional<ServiceCredentials> credentials;                 // unset: no Control Hub view
  std::chrono::seconds device_cache_ttl{60};
  OrgPolicyWatchOptions watch;
};

class ControlHubView {
 public:
  ControlHubView(ControlHubOptions options, const Clock& clock, PolicyMetrics* metrics);

  DeviceDirectory* devices() { return devices_.get(); }
  OrgPolicySource* orgs() { return watch_.get(); }

 private:
  std::unique_ptr<ServiceToken> token_;
  std::unique_ptr<ControlHubClient> client_;
  std::unique_ptr<ControlHubDevices> devices_;
  std::unique_ptr<OrgPolicyWatch> watch_;  // last: its streams use the client
};

}  // namespace zt::delivery
