#include <pqxx/pqxx>

#include "zt/base/bytes.h"
#include "zt/crypto/random.h"
#include "zt/testing/env.h"
#include "zt/testing/postgres.h"

namespace zt::testing {
namespace {

std::string random_suffix() { return to_hex(crypto::SystemRandom::instance().bytes(6)); }

// Replaces the database (the URI path) of a postgresql:// URI.
std::string with_database(const std::string& uri, const std::string& db) {
  auto scheme = uri.find("://");
  auto slash = uri.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  auto query = uri.find('?');
  std::string base = uri.substr(0, slash == std::string::npos ? (query == std::string::npos ? uri.size() : query) : slash);
  std::string tail = query == std::string::npos ? "" : uri.substr(query);
  return base + "/" + db + tail;
}

}  // namespace

TempDatabase::TempDatabase()
    : admin_uri_(require_env("ZT_TEST_PG_ADMIN_URI")), name_("zt_t_" + random_suffix()) {
  pqxx::connection c(admin_uri_);
  pqxx::nontransaction tx(c);
  tx.exec("CREATE DATABASE " + tx.quote_name(name_));
  uri_ = with_database(admin_uri_, name_);
}

TempDatabase::~TempDatabase() {
  try {
    pqxx::connection c(admin_uri_);
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception&) {
    // Best effort: a leftover zt_t_* database does not break other tests.
  }
}

}  // namespace zt::testing
