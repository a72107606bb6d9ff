// The logic above the Store, hermetically (MemoryStore): token revocation
// through the PrincipalGate and the last-admin rules.
#include "principal_gate.h"

#include <gtest/gtest.h>

#include "domain_error.h"
#include "memory_store.h"
#include "zt/auth/jws.h"

namespace zt::controlhub::testing {
namespace {

using namespace std::chrono_literals;

class PrincipalGateTest : public ::testing::Test {
 protected:
  PrincipalGateTest()
      : signer_(auth::JwsSigner::generate("k1")),
        verifier_([this] { return auth::JwkSet({signer_.public_jwk()}).to_json(); }, clock_),
        gate_(store_, verifier_, clock_, 5s) {
    org_ = store_.create_org("system", "acme").id;
  }

  PrincipalRecord admin(const std::string& client_id, std::vector<std::string> roles) {
    return store_.create_principal(org_, "system", {"", org_, "admin", std::move(roles), client_id},
                                   {client_id, {}, {}});
  }
  std::string token(const std::string& subject, const std::string& org,
                    std::vector<std::string> roles) {
    auth::Claims c;
    c.subject = subject;
    c.org_id = org;
    c.roles = std::move(roles);
    c.issued_at = std::chrono::time_point_cast<std::chrono::seconds>(clock_.now());
    c.expires_at = c.issued_at + 3600s;
    return signer_.sign(auth::claims_to_json(c));
  }
  ErrorCode refusal(const std::string& t) {
    try {
      gate_.authenticate(t);
    } catch (const DomainError& e) {
      return e.code();
    }
    ADD_FAILURE() << "token accepted";
    return ErrorCode::kInvalidArgument;
  }

  ManualClock clock_;
  MemoryStore store_;
  auth::JwsSigner signer_;
  auth::TokenVerifier verifier_;
  PrincipalGate gate_;
  std::string org_;
};

TEST_F(PrincipalGateTest, ADeletedPrincipalsTokenIsRefusedAsSoonAsItIsForgotten) {
  admin("adm_a", {"full_admin"});
  admin("adm_b", {"full_admin"});
  std::string t = token("adm_a", org_, {"full_admin"});
  EXPECT_EQ(gate_.authenticate(t).subject, "adm_a");
  store_.delete_admin(org_, "adm_b", "adm_a", false);
  gate_.forget("adm_a");
  EXPECT_EQ(refusal(t), ErrorCode::kUnauthenticated);
}

TEST_F(PrincipalGateTest, ASignedTokenWhoseSubjectNeverExistedIsRefused) {
  EXPECT_EQ(refusal(token("adm_ghost", org_, {"full_admin", "deployment_admin"})),
            ErrorCode::kUnauthenticated);
}

TEST_F(PrincipalGateTest, ATokenNamingAnotherOrgThanItsPrincipalsIsRefused) {
  admin("adm_a", {"full_admin"});
  std::string other = store_.create_org("system", "other").id;
  EXPECT_EQ(refusal(token("adm_a", other, {"full_admin"})), ErrorCode::kUnauthenticated);
}

TEST_F(PrincipalGateTest, LookupsAreCachedForTheTtlAndADisabledPrincipalIsRefusedAfterIt) {
  admin("adm_a", {"full_admin"});
  std::string t = token("adm_a", org_, {"full_admin"});
  gate_.authenticate(t);
  int lookups = store_.principal_lookups();
  gate_.authenticate(t);
  EXPECT_EQ(store_.principal_lookups(), lookups);
  store_.set_enabled("adm_a", false);
  clock_.advance(6s);
  EXPECT_EQ(refusal(t), ErrorCode::kUnauthenticated);
}

TEST_F(PrincipalGateTest, AnInvalidTokenIsRefusedWithoutALookup) {
  int lookups = store_.principal_lookups();
  EXPECT_EQ(refusal("abc.def.ghi"), ErrorCode::kUnauthenticated);
  EXPECT_EQ(store_.principal_lookups(), lookups);
}

class AdminRemovalTest : public PrincipalGateTest {};

ErrorCode removal_refusal(Store& store, const std::string& org, const std::string& id,
                          bool by_deployment_admin) {
  try {
    store.delete_admin(org, "actor", id, by_deployment_admin);
  } catch (const DomainError& e) {
    return e.code();
  }
  return ErrorCode::kInvalidArgument;  // "removed"
}

TEST_F(AdminRemovalTest, TheLastDeploymentAdminAndTheLastFullAdminStay) {
  admin("adm_root", {"full_admin", "deployment_admin"});
  admin("adm_a", {"full_admin"});
  EXPECT_EQ(removal_refusal(store_, org_, "adm_root", false), ErrorCode::kPermissionDenied);
  EXPECT_EQ(removal_refusal(store_, org_, "adm_root", true), ErrorCode::kConflict);
  admin("adm_root2", {"deployment_admin"});
  EXPECT_EQ(removal_refusal(store_, org_, "adm_root", true),
            ErrorCode::kInvalidArgument);                                         // removed
  EXPECT_EQ(removal_refusal(store_, org_, "adm_a", true), ErrorCode::kConflict);  // last full_admin
  EXPECT_EQ(removal_refusal(store_, org_, "adm_nobody", true), ErrorCode::kNotFound);
  EXPECT_EQ(store_.list_admins(org_).size(), 2u);
}

}  // namespace
}  // namespace zt::controlhub::testing
