// Versioned schema migrations: services/<svc>/migrations/NNNN_name.sql.
//
// migrate() applies, in version order, each migration not yet recorded in
// the table schema_migrations(scope, version, name, applied_at); each in
// its own transaction holding pg_advisory_xact_lock, so processes starting
// at once apply each migration exactly once. Several services may share a
// database: `scope` (the service name) keeps their histories apart.
//
// Embedding: in a CMakeLists.txt,
//   zt_pg_migrations(zt-kms ${CMAKE_CURRENT_SOURCE_DIR}/migrations)
// compiles the .sql files into the target and declares, in the generated
// header "zt_kms_migrations.h" (dashes become underscores),
//   std::span<const zt::pg::Migration> zt_kms_migrations();
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

namespace zt::pg {

struct Migration {
  int version = 0;
  std::string name;  // "0001_init"
  std::string sql;
};

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads NNNN_name.sql files from `dir`, sorted by version. Throws
// MigrationError naming the file on a bad name or a duplicate version.
std::vector<Migration> load_migrations(const std::filesystem::path& dir);

// Applies pending migrations; returns the versions this call applied.
// Throws MigrationError naming the migration that failed.
std::vector<int> migrate(pqxx::connection& connection, std::string_view scope,
                         std::span<const Migration> migrations);

}  // namespace zt::pg
