// Orgs, users, lines, devices, admins and trusted external CAs.
#include "access.h"
#include "api_error.h"
#include "credentials.h"
#include "device_kind.h"
#include "json_body.h"
#include "record_json.h"
#include "rest_api.h"
#include "zt/crypto/x509_certificate.h"

namespace zt::controlhub {
namespace {

const std::vector<std::string> kDeviceKindNames = device_kind_names();

HttpResponse created(nlohmann::json body) { return json_response(201, body); }

// A new principal with its one-time secret: no cache may keep it.
HttpResponse created_with_secret(nlohmann::json body, const NewCredentials& credentials) {
  body["clientSecret"] = credentials.client_secret;
  HttpResponse r = json_response(201, body);
  r.headers["Cache-Control"] = "no-store";
  return r;
}

HttpResponse no_content() {
  HttpResponse r;
  r.status = 204;
  return r;
}

void add_org_routes(Router& router, ApiDeps& deps) {
  router.add("POST", "/v1/orgs", Access::kBearer, [&deps](RequestContext& ctx) {
    require_deployment_admin(ctx);
    auto body = parse_body(ctx.request.body, {{"name", FieldType::kString, true, {}, 200}});
    return created(to_json(deps.store.create_org(ctx.actor(), body["name"].get<std::string>())));
  });
  router.add("GET", "/v1/orgs/{orgId}", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_reader(ctx, org);
    return json_response(200, to_json(deps.store.get_org(org)));
  });
}

void add_user_routes(Router& router, ApiDeps& deps) {
  router.add("POST", "/v1/orgs/{orgId}/users", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_writer(ctx, org);
    auto body = parse_body(ctx.request.body, {{"email", FieldType::kString, true, {}, 320},
                                              {"displayName", FieldType::kString, true, {}, 200}});
    std::string email = body["email"].get<std::string>();
    if (email.find('@') == std::string::npos)
      throw ApiError::bad_request("email must contain @", "email");
    return created(to_json(
        deps.store.create_user(org, ctx.actor(), email, body["displayName"].get<std::string>())));
  });
  router.add("GET", "/v1/orgs/{orgId}/users", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_reader(ctx, org);
    return json_response(200, items_json(deps.store.list_users(org)));
  });
  router.add(
      "GET", "/v1/orgs/{orgId}/users/{userId}", Access::kBearer, [&deps](RequestContext& ctx) {
        std::string org = require_uuid(ctx.param("orgId"), "org");
        require_org_reader(ctx, org);
        return json_response(
            200, to_json(deps.store.get_user(org, require_uuid(ctx.param("userId"), "user"))));
      });
  router.add(
      "DELETE", "/v1/orgs/{orgId}/users/{userId}", Access::kBearer, [&deps](RequestContext& ctx) {
        std::string org = require_uuid(ctx.param("orgId"), "org");
        require_org_writer(ctx, org);
        deps.publisher.principals_revoked(
            deps.store.delete_user(org, ctx.actor(), require_uuid(ctx.param("userId"), "user")));
        return no_content();
      });
  router.add("POST", "/v1/orgs/{orgId}/users/{userId}/lines", Access::kBearer,
             [&deps](RequestContext& ctx) {
               std::string org = require_uuid(ctx.param("orgId"), "org");
               require_org_writer(ctx, org);
               std::string user = require_uuid(ctx.param("userId"), "user");
               auto body =
                   parse_body(ctx.request.body,
                              {{"kind", FieldType::kString, true, {"primary", "shared", "virtual"}},
                               {"number", FieldType::kString, true, {}, 32}});
               return created(to_json(deps.store.create_line(org, ctx.actor(), user,
                                                             body["kind"].get<std::string>(),
                                                             body["number"].get<std::string>())));
             });
  router.add("GET", "/v1/orgs/{orgId}/users/{userId}/lines", Access::kBearer,
             [&deps](RequestContext& ctx) {
               std::string org = require_uuid(ctx.param("orgId"), "org");
               require_org_reader(ctx, org);
               return json_response(200, items_json(deps.store.list_lines(
                                             org, require_uuid(ctx.param("userId"), "user"))));
             });
}

void add_device_routes(Router& router, ApiDeps& deps) {
  router.add("POST", "/v1/orgs/{orgId}/devices", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_writer(ctx, org);
    auto body = parse_body(ctx.request.body, {{"kind", FieldType::kString, true, kDeviceKindNames},
                                              {"e2eeCapable", FieldType::kBool},
                                              {"displayName", FieldType::kString, true, {}, 200},
                                              {"userId", FieldType::kString, false}});
    DeviceRecord d;
    d.kind = body["kind"].get<std::string>();
    d.e2ee_capable = body["e2eeCapable"].get<bool>();
    d.display_name = body["displayName"].get<std::string>();
    if (body.contains("userId")) {
      d.user_id = body["userId"].get<std::string>();
      if (!is_uuid(d.user_id)) throw ApiError::bad_request("userId must be a user id", "userId");
    }
    HashedCredentials creds = make_credentials("dev", deps.random);
    nlohmann::json device = to_json(deps.store.create_device(org, ctx.actor(), d, creds.stored));
    device["clientId"] = creds.credentials.client_id;
    return created_with_secret(device, creds.credentials);
  });
  router.add("GET", "/v1/orgs/{orgId}/devices", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_reader(ctx, org);
    return json_response(200, items_json(deps.store.list_devices(org)));
  });
  router.add("GET", "/v1/orgs/{orgId}/devices/{deviceId}", Access::kBearer,
             [&deps](RequestContext& ctx) {
               std::string org = require_uuid(ctx.param("orgId"), "org");
               require_org_reader(ctx, org);
               auto d = deps.store.find_device(require_uuid(ctx.param("deviceId"), "device"));
               if (!d || d->org_id != org) throw ApiError::not_found("device");
               return json_response(200, to_json(*d));
             });
  router.add("DELETE", "/v1/orgs/{orgId}/devices/{deviceId}", Access::kBearer,
             [&deps](RequestContext& ctx) {
               std::string org = require_uuid(ctx.param("orgId"), "org");
               require_org_writer(ctx, org);
               deps.publisher.principals_revoked(deps.store.delete_device(
                   org, ctx.actor(), require_uuid(ctx.param("deviceId"), "device")));
               return no_content();
             });
}

void add_admin_routes(Router& router, ApiDeps& deps) {
  router.add("POST", "/v1/orgs/{orgId}/admins", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_writer(ctx, org);
    auto body = parse_body(ctx.request.body,
                           {{"role", FieldType::kString, true, {"full_admin", "read_only_admin"}},
                            {"displayName", FieldType::kString, true, {}, 200}});
    HashedCredentials creds = make_credentials("adm", deps.random);
    PrincipalRecord wanted{"",
                           org,
                           "admin",
                           {body["role"].get<std::string>()},
                           body["displayName"].get<std::string>()};
    auto admin = to_json(deps.store.create_principal(org, ctx.actor(), wanted, creds.stored));
    admin["role"] = body["role"];
    return created_with_secret(admin, creds.credentials);
  });
  router.add("GET", "/v1/orgs/{orgId}/admins", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_reader(ctx, org);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& admin : deps.store.list_admins(org)) items.push_back(admin_json(admin));
    return json_response(200, {{"items", items}});
  });
  router.add("DELETE", "/v1/orgs/{orgId}/admins/{clientId}", Access::kBearer,
             [&deps](RequestContext& ctx) {
               std::string org = require_uuid(ctx.param("orgId"), "org");
               require_org_writer(ctx, org);
               deps.store.delete_admin(org, ctx.actor(), ctx.param("clientId"),
                                       ctx.claims->has_role(auth::kRoleDeploymentAdmin));
               deps.publisher.principals_revoked({ctx.param("clientId")});
               return no_content();
             });
  router.add(
      "POST", "/v1/orgs/{orgId}/servicePrincipals", Access::kBearer, [&deps](RequestContext& ctx) {
        std::string org = require_uuid(ctx.param("orgId"), "org");
        require_deployment_admin(ctx);
        auto body =
            parse_body(ctx.request.body, {{"displayName", FieldType::kString, true, {}, 200}});
        HashedCredentials creds = make_credentials("svc", deps.random);
        PrincipalRecord wanted{"",
                               org,
                               "service",
                               {std::string(auth::kRoleService)},
                               body["displayName"].get<std::string>()};
        auto svc = to_json(deps.store.create_principal(org, ctx.actor(), wanted, creds.stored));
        return created_with_secret(svc, creds.credentials);
      });
}

void add_trusted_ca_routes(Router& router, ApiDeps& deps) {
  router.add("POST", "/v1/orgs/{orgId}/trustedCas", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_writer(ctx, org);
    auto body = parse_body(ctx.request.body, {{"pem", FieldType::kString, true, {}, 64 * 1024}});
    std::string pem = body["pem"].get<std::string>();
    crypto::CertificateDetails details;
    try {
      details = crypto::describe_certificate(pem);
    } catch (const crypto::X509Error& e) {
      throw ApiError::bad_request(std::string("pem: ") + e.what(), "pem");
    }
    if (!details.is_ca) throw ApiError::bad_request("pem is not a CA certificate", "pem");
    if (details.not_after <= deps.clock.now()) {
      throw ApiError::bad_request("pem: the certificate has expired; upload a current one", "pem");
    }
    int64_t not_after =
        std::chrono::duration_cast<std::chrono::seconds>(details.not_after.time_since_epoch())
            .count();
    TrustedCa ca{"", details.subject, not_after, crypto::split_pem_certificates(pem).front()};
    return created(to_json(deps.store.add_trusted_ca(org, ctx.actor(), ca)));
  });
  router.add("GET", "/v1/orgs/{orgId}/trustedCas", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_reader(ctx, org);
    return json_response(200, items_json(deps.store.list_trusted_cas(org)));
  });
  router.add("DELETE", "/v1/orgs/{orgId}/trustedCas/{caId}", Access::kBearer,
             [&deps](RequestContext& ctx) {
               std::string org = require_uuid(ctx.param("orgId"), "org");
               require_org_writer(ctx, org);
               deps.store.delete_trusted_ca(org, ctx.actor(),
                                            require_uuid(ctx.param("caId"), "trusted CA"));
               return no_content();
             });
}

}  // namespace

void add_directory_routes(Router& router, ApiDeps& deps) {
  add_org_routes(router, deps);
  add_user_routes(router, deps);
  add_device_routes(router, deps);
  add_admin_routes(router, deps);
  add_trusted_ca_routes(router, deps);
}

}  // namespace zt::controlhub
