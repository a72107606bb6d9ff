// Tokens (client-credentials grant), the JWKS, key rotation, and device
// certificates from the org CA.
#include "access.h"
#include "api_error.h"
#include "credentials.h"
#include "json_body.h"
#include "rest_api.h"
#include "text_field.h"

namespace zt::controlhub {
namespace {

constexpr size_t kMaxCredentialChars = 256;

struct TokenRequest {
  std::string grant_type, client_id, client_secret;
};

TokenRequest parse_token_request(const HttpRequest& req) {
  TokenRequest t;
  std::string type = req.header("Content-Type");
  if (type.rfind("application/json", 0) == 0) {
    auto body = parse_body(req.body,
                           {{"grant_type", FieldType::kString, true, {}, kMaxCredentialChars},
                            {"client_id", FieldType::kString, true, {}, kMaxCredentialChars},
                            {"client_secret", FieldType::kString, true, {}, kMaxCredentialChars}});
    return {body["grant_type"], body["client_id"], body["client_secret"]};
  }
  HttpRequest form;
  http::parse_target("/?" + req.body, form);
  auto get = [&](const char* k) {
    auto it = form.query.find(k);
    return it == form.query.end() ? "" : it->second;
  };
  t = {get("grant_type"), get("client_id"), get("client_secret")};
  require_text(t.grant_type, "grant_type", kMaxCredentialChars);
  require_text(t.client_id, "client_id", kMaxCredentialChars);
  require_text(t.client_secret, "client_secret", kMaxCredentialChars);
  if (t.grant_type.empty()) throw ApiError::bad_request("grant_type is required", "grant_type");
  return t;
}

void count(ApiDeps& deps, prometheus::Family<prometheus::Counter>* family, const char* result) {
  if (deps.metrics && family) family->Add({{"result", result}}).Increment();
}

HttpResponse token(ApiDeps& deps, const RequestContext& ctx) {
  TokenRequest t = parse_token_request(ctx.request);
  auto* fam = deps.metrics ? &deps.metrics->tokens : nullptr;
  if (t.grant_type != "client_credentials") {
    count(deps, fam, "unsupported_grant");
    throw ApiError(400, "unsupported_grant_type", "only client_credentials is supported",
                   "grant_type");
  }
  auto principal = t.client_id.empty() ? std::nullopt : deps.store.find_principal(t.client_id);
  if (!principal || !principal->enabled || !secret_matches(*principal, t.client_secret)) {
    count(deps, fam, "invalid_client");
    throw ApiError(401, "invalid_client", "unknown client or wrong secret");
  }
  auth::Claims claims;
  claims.subject = principal->client_id;
  claims.org_id = principal->org_id;
  claims.roles = principal->roles;
  claims.device_id = principal->device_id;
  claims.user_id = principal->user_id;
  std::string access_token = deps.tokens.issue(claims);
  count(deps, fam, "issued");
  HttpResponse r = json_response(200, {{"access_token", access_token},
                                       {"token_type", "Bearer"},
                                       {"expires_in", deps.tokens.token_ttl().count()}});
  r.headers["Cache-Control"] = "no-store";
  return r;
}

HttpResponse certificate(ApiDeps& deps, const RequestContext& ctx) {
  std::string device_id = require_uuid(ctx.param("deviceId"), "device");
  const auth::Claims& c = *ctx.claims;
  auto* fam = deps.metrics ? &deps.metrics->certificates : nullptr;
  if (!c.has_role(auth::kRoleDevice) || c.device_id != device_id) {
    count(deps, fam, "forbidden");
    throw ApiError::forbidden("only the device itself may request its certificate");
  }
  auto device = deps.store.find_device(device_id);
  if (!device || device->org_id != c.org_id) {
    count(deps, fam, "forbidden");
    throw ApiError::forbidden("the device does not belong to the token's org");
  }
  auto body = parse_body(ctx.request.body, {{"csr", FieldType::kString, true, {}, 16 * 1024}});
  IssuedCertificate cert =
      deps.ca.issue(device->org_id, device->user_id, device_id, body["csr"].get<std::string>());
  deps.store.record_certificate(
      device->org_id, ctx.actor(),
      {device_id, cert.serial_hex, cert.certificate_pem, cert.not_after_unix});
  count(deps, fam, "issued");
  return json_response(201, {{"certificatePem", cert.certificate_pem},
                             {"chainPem", cert.chain_pem},
                             {"serial", cert.serial_hex},
                             {"notAfter", cert.not_after_unix}});
}

}  // namespace

void add_identity_routes(Router& router, ApiDeps& deps) {
  router.add("POST", "/v1/oauth/token", Access::kPublic,
             [&deps](RequestContext& ctx) { return token(deps, ctx); });
  router.add("GET", "/v1/.well-known/jwks.json", Access::kPublic, [&deps](RequestContext&) {
    HttpResponse r;
    r.headers["Content-Type"] = "application/json";
    r.body = deps.tokens.jwks_json();
    return r;
  });
  router.add("POST", "/v1/signingKeys/rotate", Access::kBearer, [&deps](RequestContext& ctx) {
    require_deployment_admin(ctx);
    return json_response(201, {{"kid", deps.tokens.rotate()}});
  });
  router.add("POST", "/v1/devices/{deviceId}/certificate", Access::kBearer,
             [&deps](RequestContext& ctx) { return certificate(deps, ctx); });
  router.add("GET", "/v1/orgs/{orgId}/trustAnchors", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    if (!(ctx.claims->org_id == org && ctx.claims->has_role(auth::kRoleDevice)))
      require_org_reader(ctx, org);
    if (!deps.store.org_exists(org)) throw ApiError::not_found("org");
    nlohmann::json external = nlohmann::json::array();
    for (const auto& ca : deps.store.list_trusted_cas(org)) external.push_back(ca.pem);
    return json_response(200, {{"internalCaPem", {deps.ca.org_ca_pem(org), deps.ca.root_pem()}},
                               {"externalCaPem", external}});
  });
}

}  // namespace zt::controlhub
