#include "admin_removal.h"

#include <algorithm>

#include "domain_error.h"
#include "zt/auth/claims.h"

namespace zt::controlhub {

void check_admin_removal(const PrincipalRecord& target, const std::vector<PrincipalRecord>& admins,
                         bool actor_is_deployment_admin) {
  auto count = [&](auto&& pred) { return std::count_if(admins.begin(), admins.end(), pred); };
  if (target.has_role(auth::kRoleDeploymentAdmin)) {
    if (!actor_is_deployment_admin) {
      throw DomainError::permission_denied("only a deployment admin may delete a deployment admin");
    }
    if (count([](const PrincipalRecord& a) { return a.has_role(auth::kRoleDeploymentAdmin); }) <=
        1) {
      throw DomainError::conflict(
          "this is the last deployment admin; create another one before deleting it");
    }
  }
  if (target.has_role(auth::kRoleFullAdmin)) {
    auto org_full_admins = count([&](const PrincipalRecord& a) {
      return a.org_id == target.org_id && a.has_role(auth::kRoleFullAdmin);
    });
    if (org_full_admins <= 1) {
      throw DomainError::conflict(
          "this is the org's last full_admin; create another one before deleting it");
    }
  }
}

}  // namespace zt::controlhub
