#include "controlhub_grpc_service.h"

#include "api_error.h"
#include "json_body.h"

namespace zt::controlhub {
namespace {

v1::OrgPolicy to_proto(const OrgSettings& s) {
  v1::OrgPolicy p;
  p.set_org_id(s.org_id);
  p.set_version(static_cast<uint64_t>(s.version));
  p.set_calling_e2ee_enabled(s.calling_e2ee_enabled);
  p.set_default_meeting_type(s.default_meeting_type);
  p.set_personal_room_e2ee(s.personal_room_e2ee);
  return p;
}

v1::DeviceKind kind_to_proto(const std::string& k) {
  if (k == "desktop") return v1::DEVICE_KIND_DESKTOP;
  if (k == "mobile") return v1::DEVICE_KIND_MOBILE;
  if (k == "room_device") return v1::DEVICE_KIND_ROOM_DEVICE;
  if (k == "desk_device") return v1::DEVICE_KIND_DESK_DEVICE;
  if (k == "board") return v1::DEVICE_KIND_BOARD;
  if (k == "legacy_sx_dx_mx") return v1::DEVICE_KIND_LEGACY_SX_DX_MX;
  if (k == "web_browser") return v1::DEVICE_KIND_WEB_BROWSER;
  return v1::DEVICE_KIND_UNSPECIFIED;
}

grpc::Status to_status(const ApiError& e) {
  switch (e.status()) {
    case 400: return {grpc::StatusCode::INVALID_ARGUMENT, e.what()};
    case 401: return {grpc::StatusCode::UNAUTHENTICATED, e.what()};
    case 403: return {grpc::StatusCode::PERMISSION_DENIED, e.what()};
    case 404: return {grpc::StatusCode::NOT_FOUND, e.what()};
    default: return {grpc::StatusCode::INTERNAL, "internal error"};
  }
}

grpc::Status bad_org() { return {grpc::StatusCode::INVALID_ARGUMENT, "org_id must be a UUID"}; }

}  // namespace

ControlHubGrpcService::ControlHubGrpcService(Store& store, TokenIssuer& tokens, OrgCa& ca, PolicyBus& bus,
                                             std::chrono::milliseconds resync_interval)
    : store_(store), tokens_(tokens), ca_(ca), bus_(bus), resync_interval_(resync_interval) {}

grpc::Status ControlHubGrpcService::authorize(const grpc::ServerContext& ctx, const std::string& org_id) {
  auto it = ctx.client_metadata().find("authorization");
  if (it == ctx.client_metadata().end()) return {grpc::StatusCode::UNAUTHENTICATED, "a bearer token is required"};
  std::string value(it->second.data(), it->second.size());
  constexpr std::string_view kPrefix = "Bearer ";
  if (value.compare(0, kPrefix.size(), kPrefix) != 0) {
    return {grpc::StatusCode::UNAUTHENTICATED, "authorization must be a bearer token"};
  }
  auto claims = tokens_.verifier().verify(std::string_view(value).substr(kPrefix.size()));
  if (!claims) {
    return {grpc::StatusCode::UNAUTHENTICATED, std::string("token refused: ") + auth::to_string(claims.error().code)};
  }
  if (claims->has_role(auth::kRoleService) || claims->has_role(auth::kRoleDeploymentAdmin)) return grpc::Status::OK;
  if (!org_id.empty() && claims->org_id == org_id) return grpc::Status::OK;
  return {grpc::StatusCode::PERMISSION_DENIED, "token may not read this org"};
}

grpc::Status ControlHubGrpcService::GetOrgPolicy(grpc::ServerContext* ctx, const v1::GetOrgPolicyRequest* req,
                                                 v1::OrgPolicy* out) {
  if (!is_uuid(req->org_id())) return bad_org();
  if (auto st = authorize(*ctx, req->org_id()); !st.ok()) return st;
  try {
    *out = to_proto(store_.get_settings(req->org_id()));
    return grpc::Status::OK;
  } catch (const ApiError& e) {
    return to_status(e);
  }
}

grpc::Status ControlHubGrpcService::WatchOrgPolicy(grpc::ServerContext* ctx, const v1::WatchOrgPolicyRequest* req,
                                                   grpc::ServerWriter<v1::OrgPolicy>* writer) {
  if (!is_uuid(req->org_id())) return bad_org();
  if (auto st = authorize(*ctx, req->org_id()); !st.ok()) return st;
  try {
    // Always start with the current policy so a reconnecting watcher knows where it stands.
    OrgSettings current = store_.get_settings(req->org_id());
    if (!writer->Write(to_proto(current))) return grpc::Status::OK;
    int64_t sent = current.version;
    auto last_read = std::chrono::steady_clock::now();
    while (!ctx->IsCancelled() && !stopping_) {
      bool announced = bus_.wait_for_change(req->org_id(), sent, std::chrono::milliseconds(200));
      bool resync = std::chrono::steady_clock::now() - last_read >= resync_interval_;
      if (!announced && !resync) continue;
      current = store_.get_settings(req->org_id());
      last_read = std::chrono::steady_clock::now();
      if (current.version <= sent) continue;
      if (!writer->Write(to_proto(current))) break;
      sent = current.version;
    }
    return grpc::Status::OK;
  } catch (const ApiError& e) {
    return to_status(e);
  }
}

grpc::Status ControlHubGrpcService::GetDevice(grpc::ServerContext* ctx, const v1::GetDeviceRequest* req,
                                              v1::Device* out) {
  if (!is_uuid(req->device_id())) return {grpc::StatusCode::INVALID_ARGUMENT, "device_id must be a UUID"};
  auto device = store_.find_device(req->device_id());
  if (auto st = authorize(*ctx, device ? device->org_id : ""); !st.ok()) return st;
  if (!device) return {grpc::StatusCode::NOT_FOUND, "device not found"};
  out->set_device_id(device->id);
  out->set_org_id(device->org_id);
  out->set_user_id(device->user_id);
  out->set_kind(kind_to_proto(device->kind));
  out->set_e2ee_capable(device->e2ee_capable);
  out->set_display_name(device->display_name);
  return grpc::Status::OK;
}

grpc::Status ControlHubGrpcService::GetTrustAnchors(grpc::ServerContext* ctx, const v1::GetTrustAnchorsRequest* req,
                                                    v1::TrustAnchors* out) {
  if (!is_uuid(req->org_id())) return bad_org();
  if (auto st = authorize(*ctx, req->org_id()); !st.ok()) return st;
  if (!store_.org_exists(req->org_id())) return {grpc::StatusCode::NOT_FOUND, "org not found"};
  out->set_org_id(req->org_id());
  out->add_internal_ca_pem(ca_.org_ca_pem(req->org_id()));
  out->add_internal_ca_pem(ca_.root_pem());
  for (const auto& pem : store_.trusted_ca_pems(req->org_id())) out->add_external_ca_pem(pem);
  return grpc::Status::OK;
}

}  // namespace zt::controlhub
