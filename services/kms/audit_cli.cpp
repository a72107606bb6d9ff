// zt-kms-audit verify: walks the KMS audit log's hash chain in PostgreSQL
// and names the first edited, deleted, inserted or reordered record.
#include <cstdio>
#include <string>

#include "audit_chain.h"
#include "pg_store.h"
#include "zt/config/command_line.h"

namespace {

using zt::config::Type;

zt::config::Program program() {
  zt::config::Schema s("ZT_KMS_AUDIT_");
  s.add(
      {"postgres-uri", Type::kString, "postgresql://zt@127.0.0.1:55432/zt", "the KMS's database"});
  s.add({"postgres-password-file", Type::kString, "", "file holding the database password",
         /*secret_file=*/true});
  zt::config::Program p{
      "zt-kms-audit",
      "checks the zt-kms audit log: every record must commit to the one before it, "
      "in order, up to the chain head.",
      {},
      ""};
  p.commands.push_back({"verify", "walk the hash chain and name the first bad record", s, ""});
  p.notes =
      "Exit status: 0 the chain is intact; 1 it is broken (the first bad record on stdout) or the "
      "database "
      "cannot be read; 2 usage error.\nExample: zt-kms-audit verify --postgres-uri "
      "postgresql://zt@db/zt";
  return p;
}

int verify(const zt::config::Config& cfg) {
  try {
    zt::pg::Pool pool({.uri = cfg.get_string("postgres-uri"),
                       .password = cfg.read_secret("postgres-password-file"),
                       .size = 1});
    for (const auto& s : zt::kms::PgStore::statements()) pool.add_statement(s);
    zt::kms::PgStore store(pool);
    zt::kms::AuditVerdict v = zt::kms::AuditVerifier(store).verify();
    if (v.ok) {
      std::printf("ok: %lld records, chain intact\n", static_cast<long long>(v.records));
      return 0;
    }
    std::printf("broken: first bad record %lld: %s\n", static_cast<long long>(v.first_bad_seq),
                v.reason.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "zt-kms-audit: cannot read the audit log: %s\n", e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  return zt::config::run_command_line(
      program(), argc, argv,
      [](const zt::config::Command&, const zt::config::Config& cfg) { return verify(cfg); });
}
