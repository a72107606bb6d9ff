#include "placeholder_schema.h"

namespace zt::kms {

bool replace_placeholder_schema(pg::Pool& pool, std::span<const pg::Migration> migrations) {
  bool replaced = pool.run([](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('zt-kms-placeholder-schema'))");
    bool placeholder = tx.exec1(
                             "SELECT to_regclass('kms_audit_log') IS NOT NULL AND "
                             "to_regclass('kms_audit_head') IS NULL")[0]
                           .as<bool>();
    if (!placeholder) return false;
    tx.exec0("DROP TABLE kms_audit_log, kms_authorizations, kms_content_keys, kms_master_keys");
    tx.exec0("DELETE FROM schema_migrations WHERE scope = 'kms'");
    tx.commit();
    return true;
  });
  if (!replaced) return false;
  pool.run([&](pqxx::connection& c) { pg::migrate(c, "kms", migrations); });
  return true;
}

}  // namespace zt::kms
