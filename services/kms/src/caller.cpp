#include "caller.h"

#include "domain_error.h"
#include "zt/auth/bearer.h"

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
  if (value.empty())
    throw DomainError::unauthenticated(
        "a Control Hub bearer token is required (metadata \"authorization\")");
  auto token = auth::bearer_token(value);
  if (!token) throw DomainError::unauthenticated("authorization must be \"Bearer <token>\"");
  auto claims = verifier_.verify(*token);
  if (!claims)
    throw DomainError::unauthenticated(std::string("token refused: ") +
                                       auth::to_string(claims.error().code));
  if (claims->subject.empty())
    throw DomainError::unauthenticated("token refused: it names no principal");
  if (revoked_ != nullptr && revoked_->revoked(claims->subject))
    throw DomainError::unauthenticated(
        "token refused: its principal was deleted or disabled in Control Hub");
  return caller_from_claims(*claims);
}

}  // namespace zt::kms
