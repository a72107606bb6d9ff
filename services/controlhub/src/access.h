// Who may do what: every route calls one of these before touching state.
#pragma once

#include <string>

#include "router.h"

namespace zt::controlhub {

// full_admin or read_only_admin of `org_id`, or a deployment admin.
void require_org_reader(const RequestContext& ctx, const std::string& org_id);
// full_admin of `org_id`, or a deployment admin.
void require_org_writer(const RequestContext& ctx, const std::string& org_id);
void require_deployment_admin(const RequestContext& ctx);

}  // namespace zt::controlhub
