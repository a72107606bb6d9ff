// The Delivery Service's gRPC channel to Control Hub (zt.controlhub.v1),
// with its service token on every call: GetDevice (ControlHubDevices) and
// GetOrgPolicy / WatchOrgPolicy (OrgPolicyWatch).
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "service_token.h"
#include "zt/controlhub/v1/controlhub.grpc.pb.h"

namespace zt::delivery {

class ControlHubClient {
 public:
  // `address`: host:port of Control Hub's gRPC listener.
  ControlHubClient(const std::string& address, ServiceToken& token);

  controlhub::v1::ControlHub::Stub& stub() { return *stub_; }
  // A context carrying the bearer token with `deadline` from now (none if
  // zero); nullopt when no token can be had.
  std::unique_ptr<grpc::ClientContext> context(std::chrono::milliseconds deadline);
  // After UNAUTHENTICATED: the next context asks for a new token.
  void token_refused() { token_.invalidate(); }

 private:
  ServiceToken& token_;
  std::unique_ptr<controlhub::v1::ControlHub::Stub> stub_;
};

}  // namespace zt::delivery
