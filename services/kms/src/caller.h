// Who is calling: the principal behind a Control Hub bearer token. Users
// (device tokens carry the user id, which is the principal; other tokens
// act as their subject), org admins, and service principals, which may carry
// one compliance role (search_indexer, dlp, transcoder, ediscovery,
// retention) next to "service".
#pragma once

#include <string>
#include <string_view>

#include "zt/auth/revocation_list.h"
#include "zt/auth/token_verifier.h"

namespace zt::kms {

enum class CallerKind { kUser, kAdmin, kService };

inline constexpr std::string_view kComplianceRoles[] = {"search_indexer", "dlp", "transcoder",
                                                        "ediscovery", "retention"};

struct Caller {
  std::string principal;
  std::string org_id;
  CallerKind kind = CallerKind::kUser;
  std::string compliance_role;  // services only; empty: none
  bool deployment_admin = false;
  // The token's subject (what Control Hub revokes) and expiry; a sealed
  // session of this caller lasts no longer than the token.
  std::string subject;
  int64_t token_expires_unix = 0;

  // The metric and audit label: user | admin | service | <compliance role>.
  std::string role_label() const;
};

Caller caller_from_claims(const auth::Claims& claims);

// Reads "Bearer <token>" and verifies it; throws DomainError (kUnauthenticated).
class Authenticator {
 public:
  // `revoked` (may be null): principals Control Hub has deleted or
  // disabled; their tokens are refused even before they expire.
  explicit Authenticator(auth::TokenVerifier& verifier,
                         const auth::RevocationList* revoked = nullptr)
      : verifier_(verifier), revoked_(revoked) {}
  Caller authenticate(std::string_view authorization_value);
  // Throws DomainError (kUnauthenticated) once Control Hub has revoked
  // `caller`'s subject (sealed calls, authenticated by their session).
  void check_not_revoked(const Caller& caller) const;

 private:
  auth::TokenVerifier& verifier_;
  const auth::RevocationList* revoked_;
};

}  // namespace zt::kms
