// The authorization matrix of RetrieveKeys on real PostgreSQL: the owner,
// an authorized user, an unauthorized user, and each compliance service
// role, on a standard and on a zero-trust resource; one row each. Service
// access writes an audit record naming the role, the key and the purpose.
#include <gmock/gmock.h>

#include "kms_fixture.h"

namespace zt::kms::testing {
namespace {

using ::testing::HasSubstr;

enum class Who { kOwner, kAuthorizedUser, kUnauthorizedUser, kService };

struct Row {
  std::string name;
  Who who;
  std::string role;  // kService only
  v1::ResourceMode mode;
  grpc::StatusCode expected;
  std::string message;  // a part of the refusal's message
};

std::vector<Row> matrix() {
  using grpc::StatusCode;
  std::vector<Row> rows = {
      {"owner_standard", Who::kOwner, "", v1::RESOURCE_MODE_STANDARD, StatusCode::OK, ""},
      {"owner_zero_trust", Who::kOwner, "", v1::RESOURCE_MODE_ZERO_TRUST, StatusCode::OK, ""},
      {"authorized_user_standard", Who::kAuthorizedUser, "", v1::RESOURCE_MODE_STANDARD,
       StatusCode::OK, ""},
      {"authorized_user_zero_trust", Who::kAuthorizedUser, "", v1::RESOURCE_MODE_ZERO_TRUST,
       StatusCode::OK, ""},
      {"unauthorized_user_standard", Who::kUnauthorizedUser, "", v1::RESOURCE_MODE_STANDARD,
       StatusCode::PERMISSION_DENIED, "do not exist or the caller may not read them"},
      {"unauthorized_user_zero_trust", Who::kUnauthorizedUser, "", v1::RESOURCE_MODE_ZERO_TRUST,
       StatusCode::PERMISSION_DENIED, "do not exist or the caller may not read them"},
      {"plain_service_standard", Who::kService, "", v1::RESOURCE_MODE_STANDARD,
       StatusCode::PERMISSION_DENIED, "do not exist or the caller may not read them"},
  };
  for (std::string_view role : kComplianceRoles) {
    std::string r(role);
    rows.push_back(
        {r + "_standard", Who::kService, r, v1::RESOURCE_MODE_STANDARD, StatusCode::OK, ""});
    rows.push_back({r + "_zero_trust", Who::kService, r, v1::RESOURCE_MODE_ZERO_TRUST,
                    StatusCode::PERMISSION_DENIED,
                    "is zero-trust: no service principal may read its keys"});
  }
  return rows;
}

class KmsAuthorizationMatrixTest : public KmsTest, public ::testing::WithParamInterface<Row> {};

TEST_P(KmsAuthorizationMatrixTest, RetrieveKeys) {
  const Row& row = GetParam();
  const std::string owner = tokens_.user_token("org-a", "alice");
  v1::Key key = create_key(owner);
  create_resource(owner, {key.uri()}, row.mode, {"bob"});

  std::string caller;
  switch (row.who) {
    case Who::kOwner:
      caller = owner;
      break;
    case Who::kAuthorizedUser:
      caller = tokens_.user_token("org-a", "bob");
      break;
    case Who::kUnauthorizedUser:
      caller = tokens_.user_token("org-a", "mallory");
      break;
    case Who::kService:
      caller = tokens_.service_token("org-a", row.role);
      break;
  }
  const std::string purpose = row.who == Who::kService ? "index space messages" : "";
  v1::RetrieveKeysResponse out;
  grpc::Status s = retrieve(caller, key.uri(), &out, purpose);
  ASSERT_EQ(s.error_code(), row.expected) << s.error_message();
  if (row.expected == grpc::StatusCode::OK) {
    ASSERT_EQ(out.keys_size(), 1);
    EXPECT_EQ(out.keys(0).key_material(), key.key_material());
  } else {
    EXPECT_THAT(s.error_message(), HasSubstr(row.message));
    EXPECT_EQ(out.keys_size(), 0);
  }

  // Compliance access (granted or refused) leaves an audit record.
  v1::QueryAuditRequest q;
  q.set_limit(1000);
  v1::QueryAuditResponse audit;
  ASSERT_TRUE(stub_->QueryAudit(as(tokens_.deployment_admin_token()).get(), q, &audit).ok());
  const v1::AuditRecord& last = audit.records(audit.records_size() - 1);
  if (row.who == Who::kService && !row.role.empty()) {
    EXPECT_EQ(last.action(), "compliance_retrieve");
    EXPECT_EQ(last.actor_role(), row.role);
    EXPECT_EQ(last.target(), key.uri());
    EXPECT_EQ(last.purpose(), purpose);
    EXPECT_EQ(last.result(), row.expected == grpc::StatusCode::OK ? "ok" : "denied: zero_trust");
  } else {
    EXPECT_EQ(last.action(), "create_resource");
  }
}

INSTANTIATE_TEST_SUITE_P(Kms, KmsAuthorizationMatrixTest, ::testing::ValuesIn(matrix()),
                         [](const auto& info) { return info.param.name; });

using KmsComplianceTest = KmsTest;

TEST_F(KmsComplianceTest, ServicesStateAPurposeAndStayInTheirOrg) {
  const std::string owner = tokens_.user_token("org-a", "alice");
  v1::Key key = create_key(owner);
  create_resource(owner, {key.uri()}, v1::RESOURCE_MODE_STANDARD);
  v1::RetrieveKeysResponse out;
  grpc::Status s = retrieve(tokens_.service_token("org-a", "dlp"), key.uri(), &out, "");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("purpose"));
  s = retrieve(tokens_.service_token("org-b", "dlp"), key.uri(), &out, "scan");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Served keys are counted by role and result.
  ASSERT_TRUE(retrieve(tokens_.service_token("org-a", "dlp"), key.uri(), &out, "scan").ok());
  bool counted = false;
  for (const auto& family : kms_->registry().Collect()) {
    if (family.name != "zt_kms_keys_served_total") continue;
    for (const auto& m : family.metric) {
      bool dlp = false, served = false;
      for (const auto& l : m.label) {
        dlp |= l.name == "role" && l.value == "dlp";
        served |= l.name == "result" && l.value == "served";
      }
      if (dlp && served) counted = m.counter.value == 1;
    }
  }
  EXPECT_TRUE(counted);
}

}  // namespace
}  // namespace zt::kms::testing
