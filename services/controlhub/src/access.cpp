#include "access.h"

#include "api_error.h"

namespace zt::controlhub {
namespace {

bool is_deployment_admin(const RequestContext& ctx) {
  return ctx.claims && ctx.claims->has_role(auth::kRoleDeploymentAdmin);
}

}  // namespace

void require_org_reader(const RequestContext& ctx, const std::string& org_id) {
  if (is_deployment_admin(ctx)) return;
  const auto& c = *ctx.claims;
  if (c.org_id == org_id && (c.has_role(auth::kRoleFullAdmin) || c.has_role(auth::kRoleReadOnlyAdmin))) return;
  throw ApiError::forbidden("this token may not read this org's administration data");
}

void require_org_writer(const RequestContext& ctx, const std::string& org_id) {
  if (is_deployment_admin(ctx)) return;
  const auto& c = *ctx.claims;
  if (c.org_id == org_id && c.has_role(auth::kRoleFullAdmin)) return;
  if (c.org_id == org_id && c.has_role(auth::kRoleReadOnlyAdmin)) {
    throw ApiError::forbidden("read_only_admin may not change anything");
  }
  throw ApiError::forbidden("only a full_admin of this org may change it");
}

void require_deployment_admin(const RequestContext& ctx) {
  if (!is_deployment_admin(ctx)) throw ApiError::forbidden("only a deployment admin may do this");
}

}  // namespace zt::controlhub
