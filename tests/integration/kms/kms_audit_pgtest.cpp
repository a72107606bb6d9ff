// The audit log on real PostgreSQL: append-only (the table refuses UPDATE
// and DELETE), hash-chained, and VerifyAudit and `zt-kms-audit verify` name
// the first bad record after an edit, a deletion (inside or at the end), an
// insertion and a reordering done directly in the database.
#include <gmock/gmock.h>

#include <pqxx/pqxx>

#include "audit_chain.h"
#include "kms_fixture.h"
#include "zt/testing/env.h"
#include "zt/testing/process.h"

namespace zt::kms::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

class KmsAuditTest : public KmsTest {
 protected:
  void SetUp() override {
    KmsTest::SetUp();
    for (int i = 0; i < 6; ++i) create_key(tokens_.user_token("org-a", "alice"));  // records 1..6
  }

  v1::VerifyAuditResponse verify() {
    v1::VerifyAuditResponse out;
    grpc::Status s = stub_->VerifyAudit(as(tokens_.deployment_admin_token()).get(), {}, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // As an attacker with the database: triggers off, the statement, triggers on.
  void tamper(const std::string& sql) {
    pqxx::connection c(db_->uri());
    pqxx::work tx(c);
    tx.exec0("ALTER TABLE kms_audit DISABLE TRIGGER kms_audit_no_update");
    tx.exec0(sql);
    tx.exec0("ALTER TABLE kms_audit ENABLE TRIGGER kms_audit_no_update");
    tx.commit();
  }

  std::pair<int, std::string> cli() {
    zt::testing::Process p(zt::testing::bin_path("zt-kms-audit"),
                           {"verify", "--postgres-uri", db_->uri()});
    auto code = p.wait(30s);
    return {code.value_or(-1), p.stdout_text()};
  }

  void expect_first_bad(int64_t seq, const std::string& why) {
    auto v = verify();
    EXPECT_FALSE(v.ok());
    EXPECT_EQ(v.first_bad_seq(), seq);
    EXPECT_THAT(v.reason(), HasSubstr(why));
    auto [code, out] = cli();
    EXPECT_EQ(code, 1) << out;
    EXPECT_THAT(out, HasSubstr("first bad record " + std::to_string(seq) + ":"));
  }
};

TEST_F(KmsAuditTest, AnUntouchedChainVerifies) {
  auto v = verify();
  EXPECT_TRUE(v.ok()) << v.reason();
  EXPECT_EQ(v.records(), 6);
  auto [code, out] = cli();
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out, "ok: 6 records, chain intact\n");
  v1::VerifyAuditResponse denied;
  EXPECT_EQ(
      stub_->VerifyAudit(as(tokens_.user_token("org-a", "alice")).get(), {}, &denied).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(KmsAuditTest, TheTableIsAppendOnly) {
  pqxx::connection c(db_->uri());
  {
    pqxx::work tx(c);
    EXPECT_THROW(tx.exec0("UPDATE kms_audit SET actor = 'x' WHERE seq = 1"), pqxx::sql_error);
  }
  {
    pqxx::work tx(c);
    EXPECT_THROW(tx.exec0("DELETE FROM kms_audit WHERE seq = 1"), pqxx::sql_error);
  }
  EXPECT_TRUE(verify().ok());
}

TEST_F(KmsAuditTest, AnEditedRecordIsNamed) {
  tamper("UPDATE kms_audit SET actor = 'someone-else' WHERE seq = 3");
  expect_first_bad(3, "altered");
}

TEST_F(KmsAuditTest, ADeletedRecordIsNamed) {
  tamper("DELETE FROM kms_audit WHERE seq = 3");
  expect_first_bad(3, "missing");
}

TEST_F(KmsAuditTest, ACutTailIsNamed) {
  tamper("DELETE FROM kms_audit WHERE seq = 6");
  expect_first_bad(6, "chain head");
}

TEST_F(KmsAuditTest, AnInsertedRecordIsNamed) {
  // Records 3.. move up one; a forged record 3 claims to follow record 2.
  tamper("UPDATE kms_audit SET seq = seq + 1000 WHERE seq >= 3");
  tamper("UPDATE kms_audit SET seq = seq - 999 WHERE seq >= 1000");
  tamper(
      "INSERT INTO kms_audit SELECT 3, at_us, org_id, 'forger', actor_role, action, target, "
      "purpose, result, "
      "hash, hash FROM kms_audit WHERE seq = 2");
  expect_first_bad(3, "altered");
}

TEST_F(KmsAuditTest, AnInsertedRecordWithAValidHashBreaksTheNextLink) {
  // The attacker knows the hash algorithm and forges a record that commits
  // to record 2: the record after it no longer commits to its predecessor.
  auto head = [&] {
    pqxx::connection c(db_->uri());
    pqxx::work tx(c);
    pqxx::binarystring h(tx.exec1("SELECT hash FROM kms_audit WHERE seq = 2")[0]);
    return Bytes(h.begin(), h.end());
  }();
  AuditEvent forged{1, "org-a", "forger", "user", "create_keys", "1 keys", "", "ok"};
  Bytes hash = audit_record_hash(head, 3, forged);
  tamper("UPDATE kms_audit SET seq = seq + 1000 WHERE seq >= 3");
  tamper("UPDATE kms_audit SET seq = seq - 999 WHERE seq >= 1000");
  tamper(
      "INSERT INTO kms_audit VALUES (3, 1, 'org-a', 'forger', 'user', 'create_keys', '1 keys', '', "
      "'ok', "
      "decode('" +
      to_hex(head) + "', 'hex'), decode('" + to_hex(hash) + "', 'hex'))");
  expect_first_bad(4, "does not commit to the record before it");
}

TEST_F(KmsAuditTest, ReorderedRecordsAreNamed) {
  tamper("UPDATE kms_audit SET seq = 1000 WHERE seq = 3");
  tamper("UPDATE kms_audit SET seq = 3 WHERE seq = 4");
  tamper("UPDATE kms_audit SET seq = 4 WHERE seq = 1000");
  expect_first_bad(3, "does not commit to the record before it");
}

}  // namespace
}  // namespace zt::kms::testing

namespace zt::kms::testing {
namespace {

double counter(prometheus::Registry& registry, const std::string& family, const std::string& result) {
  for (const auto& f : registry.Collect()) {
    if (f.name != family) continue;
    for (const auto& m : f.metric) {
      for (const auto& l : m.label) {
        if (l.name == "result" && l.value == result) return m.counter.value;
      }
    }
  }
  return 0;
}

double gauge(prometheus::Registry& registry, const std::string& family) {
  for (const auto& f : registry.Collect()) {
    if (f.name == family && !f.metric.empty()) return f.metric[0].gauge.value;
  }
  return 0;
}

// The chain is verified in the background: the last verification's time is
// exported, and a tampered chain is counted broken without anyone asking.
TEST_F(KmsAuditTest, TheChainIsVerifiedPeriodically) {
  start(kMasterV1, std::chrono::milliseconds(60'000),
        [](KmsOptions& o) { o.audit_verify_interval = std::chrono::milliseconds(50); });
  auto& registry = kms_->registry();
  for (int i = 0; i < 200 && counter(registry, "zt_kms_audit_verifications_total", "ok") == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  EXPECT_GT(counter(registry, "zt_kms_audit_verifications_total", "ok"), 0);
  EXPECT_GT(gauge(registry, "zt_kms_audit_last_verified_seconds"), 1.7e9);
  tamper("UPDATE kms_audit SET actor = 'mallory' WHERE seq = 3");
  for (int i = 0; i < 200 && counter(registry, "zt_kms_audit_verifications_total", "broken") == 0;
       ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  EXPECT_GT(counter(registry, "zt_kms_audit_verifications_total", "broken"), 0);
}

}  // namespace
}  // namespace zt::kms::testing
