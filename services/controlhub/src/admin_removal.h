// Who may remove an admin: the deployment and every org keep at least one
// admin who can manage them, and only a deployment admin removes another.
#pragma once

#include <vector>

#include "store.h"

namespace zt::controlhub {

// Throws DomainError (kPermissionDenied, or kConflict with the reason) when
// `target` may not be removed. `admins`: every admin of the target's org and
// every deployment admin, `target` included.
void check_admin_removal(const PrincipalRecord& target, const std::vector<PrincipalRecord>& admins,
                         bool actor_is_deployment_admin);

}  // namespace zt::controlhub
