#include "placeholder_schema.h"

namespace zt::delivery {

bool replace_placeholder_schema(pg::Pool& pool, std::span<const pg::Migration> migrations) {
  bool replaced = pool.run([](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec("SELECT pg_advisory_xact_lock(hashtext('zt-delivery-placeholder-schema'))");
    bool placeholder = tx.exec1(
                             "SELECT to_regclass('ds_group_log') IS NOT NULL AND "
                             "to_regclass('ds_welcomes') IS NULL")[0]
                           .as<bool>();
    if (!placeholder) return false;
    tx.exec0("DROP TABLE ds_group_log, ds_groups, ds_key_packages");
    tx.exec0("DELETE FROM schema_migrations WHERE scope = 'delivery'");
    tx.commit();
    return true;
  });
  if (!replaced) return false;
  pool.run([&](pqxx::connection& c) { pg::migrate(c, "delivery", migrations); });
  return true;
}

}  // namespace zt::delivery
