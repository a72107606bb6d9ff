// Migration files and the exactly-once runner.
#include "zt/pg/migrations.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <regex>
#include <set>
#include <sstream>

#include "zt/base/number.h"
#include "zt/log/log.h"

namespace zt::pg {
namespace {

// Any fixed number: every migrator in every service serializes on it.
constexpr long long kMigrationLockKey = 0x7a74'6d69'6772;  // "ztmigr"

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " scope text NOT NULL, version integer NOT NULL, name text NOT NULL,"
    " applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))";

}  // namespace

std::vector<Migration> load_migrations(const std::filesystem::path& dir) {
  static const std::regex kName(R"(^([0-9]{4,})_([a-z0-9_]+)\.sql$)");
  std::vector<Migration> out;
  std::set<int> seen;
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) throw MigrationError("migrations: cannot read directory " + dir.string());
  for (const auto& entry : it) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    std::smatch m;
    if (!std::regex_match(file, m, kName)) {
      throw MigrationError("migrations: bad file name " + entry.path().string() + " (want NNNN_name.sql)");
    }
    const auto number = parse_int(m[1].str());
    if (!number || *number > std::numeric_limits<int>::max()) {
      throw MigrationError("migrations: version number too large in " + entry.path().string());
    }
    const int version = static_cast<int>(*number);
    if (!seen.insert(version).second) {
      throw MigrationError("migrations: duplicate version in " + entry.path().string());
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream sql;
    sql << in.rdbuf();
    out.push_back(Migration{version, entry.path().stem().string(), sql.str()});
  }
  std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
  return out;
}

std::vector<int> migrate(pqxx::connection& connection, std::string_view scope,
                         std::span<const Migration> migrations) {
  std::vector<int> applied;
  for (const Migration& m : migrations) {
    try {
      pqxx::work tx(connection);
      tx.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLockKey) + ")");
      tx.exec(kCreateTable);
      auto done = tx.exec_params("SELECT 1 FROM schema_migrations WHERE scope = $1 AND version = $2",
                                 std::string(scope), m.version);
      if (!done.empty()) continue;  // tx aborts on scope exit: nothing to keep
      tx.exec(m.sql);
      tx.exec_params("INSERT INTO schema_migrations (scope, version, name) VALUES ($1, $2, $3)",
                     std::string(scope), m.version, m.name);
      tx.commit();
      applied.push_back(m.version);
      log::info("migration applied", {log::field("scope", scope), log::field("migration", m.name)});
    } catch (const pqxx::broken_connection&) {
      throw;
    } catch (const std::exception& e) {
      throw MigrationError("migration " + std::string(scope) + "/" + m.name + " failed: " + e.what());
    }
  }
  return applied;
}

}  // namespace zt::pg
