// The gRPC API for other services: org policy (read and watch), devices,
// trust anchors. Callers present a bearer token (metadata "authorization")
// whose principal still exists (PrincipalGate): a service principal or
// deployment admin, or a principal of the org they ask about; only service
// principals and admins may watch.
//
// Every method runs on the callback API with raw request bytes, so a request
// that does not decode answers INVALID_ARGUMENT (the generated handlers say
// INTERNAL with an empty message), and watch streams hold no thread.
#pragma once

#include <chrono>
#include <memory>

#include "org_ca.h"
#include "policy_bus.h"
#include "principal_gate.h"
#include "store.h"
#include "watch_hub.h"
#include "zt/controlhub/v1/controlhub.grpc.pb.h"

namespace zt::controlhub {

inline constexpr size_t kDefaultWatchesPerPrincipal = 32;

using RawControlHubService = v1::ControlHub::WithRawCallbackMethod_GetOrgPolicy<
    v1::ControlHub::WithRawCallbackMethod_WatchOrgPolicy<
        v1::ControlHub::WithRawCallbackMethod_GetDevice<
            v1::ControlHub::WithRawCallbackMethod_GetTrustAnchors<v1::ControlHub::Service>>>>;

class ControlHubGrpcService final : public RawControlHubService {
 public:
  ControlHubGrpcService(Store& store, PrincipalGate& gate, OrgCa& ca, PolicyBus& bus,
                        std::chrono::milliseconds resync_interval = std::chrono::milliseconds(2000),
                        size_t watches_per_principal = kDefaultWatchesPerPrincipal);

  grpc::ServerUnaryReactor* GetOrgPolicy(grpc::CallbackServerContext* ctx,
                                         const grpc::ByteBuffer* request,
                                         grpc::ByteBuffer* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchOrgPolicy(
      grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) override;
  grpc::ServerUnaryReactor* GetDevice(grpc::CallbackServerContext* ctx,
                                      const grpc::ByteBuffer* request,
                                      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetTrustAnchors(grpc::CallbackServerContext* ctx,
                                            const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;

  // Ends open watch streams with UNAVAILABLE and refuses new ones (drain).
  void stop() { watches_.stop(); }
  size_t open_watches() const { return watches_.open_streams(); }

 private:
  enum class Audience { kOrgPrincipals, kWatchers };
  auth::Claims authorize(const grpc::CallbackServerContext& ctx, const std::string& org_id,
                         Audience audience);
  v1::OrgPolicy get_org_policy(const grpc::CallbackServerContext& ctx,
                               const v1::GetOrgPolicyRequest& req);
  v1::Device get_device(const grpc::CallbackServerContext& ctx, const v1::GetDeviceRequest& req);
  v1::TrustAnchors get_trust_anchors(const grpc::CallbackServerContext& ctx,
                                     const v1::GetTrustAnchorsRequest& req);

  Store& store_;
  PrincipalGate& gate_;
  OrgCa& ca_;
  WatchHub watches_;
};

}  // namespace zt::controlhub
