#include "caller.h"

#include "domain_error.h"

namespace zt::kms {

std::string Caller::role_label() const {
  switch (kind) {
    case CallerKind::kUser:
      return "user";
    case CallerKind::kAdmin:
      return "admin";
    case CallerKind::kService:
      return compliance_role.empty() ? "service" : compliance_role;
  }
  return "user";
}

Caller caller_from_claims(const auth::Claims& claims) {
  Caller c;
  c.principal = claims.user_id.empty() ? claims.subject : claims.user_id;
  c.org_id = claims.org_id;
  c.deployment_admin = claims.has_role(auth::kRoleDeploymentAdmin);
  if (claims.has_role(auth::kRoleService)) {
    c.kind = CallerKind::kService;
    for (std::string_view role : kComplianceRoles) {
      if (claims.has_role(role)) c.compliance_role = std::string(role);
    }
  } else if (c.deployment_admin || claims.has_role(auth::kRoleFullAdmin) ||
             claims.has_role(auth::kRoleReadOnlyAdmin)) {
    c.kind = CallerKind::kAdmin;
  }
  return c;
}

Caller Authenticator::authenticate(std::string_view value) {
  constexpr std::string_view kPrefix = "Bearer ";
  if (value.empty())
    throw DomainError::unauthenticated(
        "a Control Hub bearer token is required (metadata \"authorization\")");
  if (value.substr(0, kPrefix.size()) != kPrefix) {
    throw DomainError::unauthenticated("authorization must be \"Bearer <token>\"");
  }
  auto claims = verifier_.verify(value.substr(kPrefix.size()));
  if (!claims)
    throw DomainError::unauthenticated(std::string("token refused: ") +
                                       auth::to_string(claims.error().code));
  if (claims->subject.empty())
    throw DomainError::unauthenticated("token refused: it names no principal");
  return caller_from_claims(*claims);
}

}  // namespace zt::kms
