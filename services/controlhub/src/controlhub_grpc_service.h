// The gRPC API for other services: org policy (read and watch), devices,
// trust anchors. Callers present a bearer token (metadata "authorization")
// of a service principal, or of a principal of the org they ask about.
#pragma once

#include <atomic>
#include <chrono>

#include "org_ca.h"
#include "policy_bus.h"
#include "store.h"
#include "token_issuer.h"
#include "zt/controlhub/v1/controlhub.grpc.pb.h"

namespace zt::controlhub {

class ControlHubGrpcService final : public v1::ControlHub::Service {
 public:
  ControlHubGrpcService(Store& store, TokenIssuer& tokens, OrgCa& ca, PolicyBus& bus,
                        std::chrono::milliseconds resync_interval = std::chrono::milliseconds(2000));

  grpc::Status GetOrgPolicy(grpc::ServerContext* ctx, const v1::GetOrgPolicyRequest* req,
                            v1::OrgPolicy* out) override;
  grpc::Status WatchOrgPolicy(grpc::ServerContext* ctx, const v1::WatchOrgPolicyRequest* req,
                              grpc::ServerWriter<v1::OrgPolicy>* writer) override;
  grpc::Status GetDevice(grpc::ServerContext* ctx, const v1::GetDeviceRequest* req, v1::Device* out) override;
  grpc::Status GetTrustAnchors(grpc::ServerContext* ctx, const v1::GetTrustAnchorsRequest* req,
                               v1::TrustAnchors* out) override;

  // Stops open watch streams (server shutdown).
  void stop() { stopping_ = true; }

 private:
  grpc::Status authorize(const grpc::ServerContext& ctx, const std::string& org_id);

  Store& store_;
  TokenIssuer& tokens_;
  OrgCa& ca_;
  PolicyBus& bus_;
  std::chrono::milliseconds resync_interval_;
  std::atomic<bool> stopping_{false};
};

}  // namespace zt::controlhub
