// What the Delivery Service's process-level tests share: the environment
// that points a zt service at the test database and Redis on port 0, and a
// device registered in a real Control Hub (REST, as an admin) with its own
// bearer token.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "zt/testing/env.h"
#include "zt/testing/http.h"
#include "zt/testing/postgres.h"
#include "zt/testing/service_client.h"

namespace zt::testing {

inline std::map<std::string, std::string> service_env(const TempDatabase& db) {
  return {{"ZT_POSTGRES_URI", db.uri()},
          {"ZT_REDIS_HOST", require_env("ZT_TEST_REDIS_HOST")},
          {"ZT_REDIS_PORT", require_env("ZT_TEST_REDIS_PORT")},
          {"ZT_GRPC_ADDRESS", "127.0.0.1:0"},
          {"ZT_METRICS_ADDRESS", "127.0.0.1:0"}};
}

struct HubDevice {
  std::string org;
  std::string id;
  std::string token;
};

// POST /v1/orgs/{org}/devices as `admin_token`, then the device's token.
inline HubDevice register_hub_device(int hub_http_port, const std::string& org,
                                     const std::string& admin_token, const std::string& kind,
                                     bool e2ee_capable = true) {
  nlohmann::json req{{"kind", kind}, {"e2eeCapable", e2ee_capable}, {"displayName", kind}};
  auto dev = nlohmann::json::parse(
      http_request("127.0.0.1", hub_http_port, "POST", "/v1/orgs/" + org + "/devices", req.dump(),
                   {"Authorization: Bearer " + admin_token, "Content-Type: application/json"}));
  return {org, dev["id"].get<std::string>(),
          controlhub_token(hub_http_port, dev["clientId"].get<std::string>(),
                           dev["clientSecret"].get<std::string>())};
}

}  // namespace zt::testing
