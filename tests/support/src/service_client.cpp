#include "zt/testing/service_client.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "zt/testing/env.h"
#include "zt/testing/http.h"
#include "zt/testing/process.h"

namespace zt::testing {

std::string health_status(int grpc_port, const std::string& service) {
  Process p(bin_path("zt-healthcheck"), {"127.0.0.1:" + std::to_string(grpc_port), service});
  p.wait(std::chrono::seconds(20));
  return p.stdout_text();
}

std::string controlhub_token(int http_port, const std::string& client_id,
                             const std::string& client_secret) {
  std::string body =
      "grant_type=client_credentials&client_id=" + client_id + "&client_secret=" + client_secret;
  auto reply =
      nlohmann::json::parse(http_request("127.0.0.1", http_port, "POST", "/v1/oauth/token", body,
                                         {"Content-Type: application/x-www-form-urlencoded"}));
  return reply["access_token"].get<std::string>();
}

}  // namespace zt::testing
