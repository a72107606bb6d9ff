// GET/PUT settings (calling, meetings) and the audit trail.
#include "access.h"
#include "api_error.h"
#include "json_body.h"
#include "record_json.h"
#include "rest_api.h"
#include "zt/base/number.h"

namespace zt::controlhub {
namespace {

HttpResponse settings_response(const nlohmann::json& body, int64_t version) {
  HttpResponse r = json_response(200, body);
  r.headers["ETag"] = version_etag(version);
  return r;
}

std::optional<int64_t> query_int(const HttpRequest& req, const std::string& name, int64_t min,
                                 int64_t max) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return std::nullopt;
  if (auto v = parse_int(it->second); v && *v >= min && *v <= max) return *v;
  throw ApiError::bad_request(
      name + " must be an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "]",
      name);
}

}  // namespace

void add_settings_routes(Router& router, ApiDeps& deps) {
  router.add("GET", "/v1/orgs/{orgId}/settings/calling", Access::kBearer,
             [&deps](RequestContext& ctx) {
               std::string org = require_uuid(ctx.param("orgId"), "org");
               require_org_reader(ctx, org);
               OrgSettings s = deps.store.get_settings(org);
               return settings_response(settings_calling_json(s), s.calling_version);
             });

  router.add(
      "PUT", "/v1/orgs/{orgId}/settings/calling", Access::kBearer, [&deps](RequestContext& ctx) {
        std::string org = require_uuid(ctx.param("orgId"), "org");
        require_org_writer(ctx, org);
        auto body = parse_body(ctx.request.body, {{"e2eeEnabled", FieldType::kBool}});
        require_if_match(ctx.request);
        OrgSettings s = deps.store.put_calling(org, ctx.actor(), if_match_version(ctx.request),
                                               body["e2eeEnabled"].get<bool>());
        deps.publisher.policy_changed(s);
        return settings_response(settings_calling_json(s), s.calling_version);
      });

  router.add("GET", "/v1/orgs/{orgId}/settings/meetings", Access::kBearer,
             [&deps](RequestContext& ctx) {
               std::string org = require_uuid(ctx.param("orgId"), "org");
               require_org_reader(ctx, org);
               OrgSettings s = deps.store.get_settings(org);
               return settings_response(settings_meetings_json(s), s.meetings_version);
             });

  router.add(
      "PUT", "/v1/orgs/{orgId}/settings/meetings", Access::kBearer, [&deps](RequestContext& ctx) {
        std::string org = require_uuid(ctx.param("orgId"), "org");
        require_org_writer(ctx, org);
        auto body =
            parse_body(ctx.request.body,
                       {{"defaultMeetingType", FieldType::kString, true, {"standard", "e2ee"}},
                        {"personalRoomE2ee", FieldType::kBool}});
        MeetingsSettings value{body["defaultMeetingType"].get<std::string>(),
                               body["personalRoomE2ee"].get<bool>()};
        require_if_match(ctx.request);
        OrgSettings s =
            deps.store.put_meetings(org, ctx.actor(), if_match_version(ctx.request), value);
        deps.publisher.policy_changed(s);
        return settings_response(settings_meetings_json(s), s.meetings_version);
      });

  router.add("GET", "/v1/orgs/{orgId}/auditEvents", Access::kBearer, [&deps](RequestContext& ctx) {
    std::string org = require_uuid(ctx.param("orgId"), "org");
    require_org_reader(ctx, org);
    int limit = static_cast<int>(query_int(ctx.request, "limit", 1, 500).value_or(50));
    auto cursor = query_int(ctx.request, "cursor", 1, INT64_MAX);
    if (!deps.store.org_exists(org)) throw ApiError::not_found("org");
    AuditPage page = deps.store.list_audit(org, limit, cursor);
    nlohmann::json body = items_json(page.items);
    body["nextCursor"] = page.next_cursor ? nlohmann::json(std::to_string(*page.next_cursor))
                                          : nlohmann::json(nullptr);
    return json_response(200, body);
  });
}

}  // namespace zt::controlhub
