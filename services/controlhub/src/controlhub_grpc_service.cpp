#include "controlhub_grpc_service.h"

#include "device_kind.h"
#include "grpc_status.h"
#include "json_body.h"
#include "zt/auth/bearer.h"
#include "zt/log/log.h"

namespace zt::controlhub {
namespace {

void require_uuid_field(const std::string& value, const char* field) {
  if (!is_uuid(value))
    throw DomainError::invalid_argument(std::string(field) + " must be a UUID", field);
}

template <class Message>
void decode(const grpc::ByteBuffer& bytes, Message& out) {
  std::vector<grpc::Slice> slices;
  std::string data;
  if (bytes.Dump(&slices).ok()) {
    for (const auto& s : slices) data.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  if (!out.ParseFromString(data)) {
    throw DomainError::invalid_argument("the request is not a valid " + out.GetTypeName());
  }
}

grpc::ByteBuffer encode(const google::protobuf::MessageLite& message) {
  grpc::Slice slice(message.SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

// Runs `fn` (which returns the response message or throws) and maps its
// failure once: DomainError through to_status, anything else as INTERNAL
// with a fixed message (the detail goes to the log only).
template <class Fn>
grpc::Status run_mapped(const char* method, Fn&& fn) {
  try {
    fn();
    return grpc::Status::OK;
  } catch (const DomainError& e) {
    return to_status(e);
  } catch (const std::exception& e) {
    log::error("rpc failed", {log::field("method", method), log::field("error", e.what())});
    return {grpc::StatusCode::INTERNAL, "internal error"};
  }
}

// A unary call: decode the request, answer with what `logic` returns.
template <class Request, class Logic>
grpc::ServerUnaryReactor* unary(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* response, const char* method, Logic&& logic) {
  grpc::Status status = run_mapped(method, [&] {
    Request req;
    decode(*request, req);
    *response = encode(logic(req));
  });
  auto* reactor = ctx->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

}  // namespace

ControlHubGrpcService::ControlHubGrpcService(Store& store, PrincipalGate& gate, OrgCa& ca,
                                             PolicyBus& bus,
                                             std::chrono::milliseconds resync_interval,
                                             size_t watches_per_principal)
    : store_(store),
      gate_(gate),
      ca_(ca),
      watches_(store, bus, resync_interval, watches_per_principal) {}

auth::Claims ControlHubGrpcService::authorize(const grpc::CallbackServerContext& ctx,
                                              const std::string& org_id, Audience audience) {
  auto it = ctx.client_metadata().find("authorization");
  if (it == ctx.client_metadata().end()) {
    throw DomainError(ErrorCode::kUnauthenticated, "a bearer token is required");
  }
  std::string_view value(it->second.data(), it->second.size());
  auto token = auth::bearer_token(value);
  if (!token) throw DomainError(ErrorCode::kUnauthenticated, "authorization must be a bearer token");
  auth::Claims claims = gate_.authenticate(*token);
  if (claims.has_role(auth::kRoleService) || claims.has_role(auth::kRoleDeploymentAdmin))
    return claims;
  bool same_org = !org_id.empty() && claims.org_id == org_id;
  if (audience == Audience::kOrgPrincipals && same_org) return claims;
  bool admin = claims.has_role(auth::kRoleFullAdmin) || claims.has_role(auth::kRoleReadOnlyAdmin);
  if (audience == Audience::kWatchers && same_org && admin) return claims;
  throw DomainError::permission_denied(
      audience == Audience::kWatchers
          ? "only service principals and this org's admins may watch its policy"
          : "token may not read this org");
}

v1::OrgPolicy ControlHubGrpcService::get_org_policy(const grpc::CallbackServerContext& ctx,
                                                    const v1::GetOrgPolicyRequest& req) {
  require_uuid_field(req.org_id(), "org_id");
  authorize(ctx, req.org_id(), Audience::kOrgPrincipals);
  return policy_proto(store_.get_settings(req.org_id()));
}

v1::Device ControlHubGrpcService::get_device(const grpc::CallbackServerContext& ctx,
                                             const v1::GetDeviceRequest& req) {
  require_uuid_field(req.device_id(), "device_id");
  auto device = store_.find_device(req.device_id());
  authorize(ctx, device ? device->org_id : "", Audience::kOrgPrincipals);
  if (!device) throw DomainError::not_found("device");
  v1::Device out;
  out.set_device_id(device->id);
  out.set_org_id(device->org_id);
  out.set_user_id(device->user_id);
  out.set_kind(device_kind_to_proto(device->kind));
  out.set_e2ee_capable(device->e2ee_capable);
  out.set_display_name(device->display_name);
  return out;
}

v1::TrustAnchors ControlHubGrpcService::get_trust_anchors(const grpc::CallbackServerContext& ctx,
                                                          const v1::GetTrustAnchorsRequest& req) {
  require_uuid_field(req.org_id(), "org_id");
  authorize(ctx, req.org_id(), Audience::kOrgPrincipals);
  if (!store_.org_exists(req.org_id())) throw DomainError::not_found("org");
  v1::TrustAnchors out;
  out.set_org_id(req.org_id());
  out.add_internal_ca_pem(ca_.org_ca_pem(req.org_id()));
  out.add_internal_ca_pem(ca_.root_pem());
  for (const auto& ca : store_.list_trusted_cas(req.org_id())) out.add_external_ca_pem(ca.pem);
  return out;
}

grpc::ServerUnaryReactor* ControlHubGrpcService::GetOrgPolicy(grpc::CallbackServerContext* ctx,
                                                              const grpc::ByteBuffer* request,
                                                              grpc::ByteBuffer* response) {
  return unary<v1::GetOrgPolicyRequest>(ctx, request, response, "GetOrgPolicy",
                                        [&](const auto& req) { return get_org_policy(*ctx, req); });
}

grpc::ServerUnaryReactor* ControlHubGrpcService::GetDevice(grpc::CallbackServerContext* ctx,
                                                           const grpc::ByteBuffer* request,
                                                           grpc::ByteBuffer* response) {
  return unary<v1::GetDeviceRequest>(ctx, request, response, "GetDevice",
                                     [&](const auto& req) { return get_device(*ctx, req); });
}

grpc::ServerUnaryReactor* ControlHubGrpcService::GetTrustAnchors(grpc::CallbackServerContext* ctx,
                                                                 const grpc::ByteBuffer* request,
                                                                 grpc::ByteBuffer* response) {
  return unary<v1::GetTrustAnchorsRequest>(
      ctx, request, response, "GetTrustAnchors",
      [&](const auto& req) { return get_trust_anchors(*ctx, req); });
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* ControlHubGrpcService::WatchOrgPolicy(
    grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) {
  grpc::ServerWriteReactor<grpc::ByteBuffer>* watch = nullptr;
  grpc::Status status = run_mapped("WatchOrgPolicy", [&] {
    v1::WatchOrgPolicyRequest req;
    decode(*request, req);
    require_uuid_field(req.org_id(), "org_id");
    auth::Claims claims = authorize(*ctx, req.org_id(), Audience::kWatchers);
    watch = watches_.open(req.org_id(), claims.subject);
  });
  return watch ? watch : new FinishedWatch(status);
}

}  // namespace zt::controlhub
