#include "zt/pg/placeholder_schema.h"

namespace zt::pg {

bool replace_placeholder_schema(Pool& pool, const PlaceholderSchema& schema,
                                std::span<const Migration> migrations) {
  bool replaced = pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))",
                   "zt-" + schema.scope + "-placeholder-schema");
    bool placeholder =
        tx.exec_params1("SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NULL",
                        schema.placeholder_table, schema.real_table)[0]
            .as<bool>();
    if (!placeholder) return false;
    std::string drop = "DROP TABLE ";
    for (size_t i = 0; i < schema.dropped_tables.size(); ++i) {
      drop += (i ? ", " : "") + tx.quote_name(schema.dropped_tables[i]);
    }
    tx.exec0(drop);
    tx.exec_params0("DELETE FROM schema_migrations WHERE scope = $1", schema.scope);
    tx.commit();
    return true;
  });
  if (!replaced) return false;
  pool.run([&](pqxx::connection& c) { migrate(c, schema.scope, migrations); });
  return true;
}

}  // namespace zt::pg
