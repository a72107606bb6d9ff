// What e2e tests ask of running services: a health status through the
// zt-healthcheck binary, and a Control Hub bearer token by client
// credentials (the form-encoded /v1/oauth/token a device or admin uses).
#pragma once

#include <string>

namespace zt::testing {

// "SERVING\n", "NOT_SERVING\n", ... as zt-healthcheck prints it ("" = the process).
std::string health_status(int grpc_port, const std::string& service = "");
// The access_token Control Hub's HTTP listener on `http_port` issues.
std::string controlhub_token(int http_port, const std::string& client_id,
                             const std::string& client_secret);

}  // namespace zt::testing
