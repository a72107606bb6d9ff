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
  c.subject = claims.subject;
  c.token_expires_unix = std::chrono::system_clock::to_time_t(claims.expires_at);
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
  Caller caller = caller_from_claims(*claims);
  check_not_revoked(caller);
  return caller;
}

void Authenticator::check_not_revoked(const Caller& caller) const {
  if (revoked_ != nullptr && revoked_->revoked(caller.subject))
    throw DomainError::unauthenticated(
        "token refused: its principal was deleted or disabled in Control Hub");
}

}  // namespace zt::kms
