// PostgreSQL fixtures.
//
// TempDatabase: a fresh database on the shared test server
// (ZT_TEST_PG_ADMIN_URI, role with CREATEDB), dropped in the destructor.
// PrivatePostgres: a private cluster (initdb as the `postgres` user when
// root, binaries from ZT_PG_BIN) on a free port in a temp dir, with trust
// auth for role `zt`; stop()/start() for restart tests.
#pragma once

#include <string>

namespace zt::testing {

class TempDatabase {
 public:
  TempDatabase();
  ~TempDatabase();
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& uri() const { return uri_; }

 private:
  std::string admin_uri_;
  std::string name_;
  std::string uri_;
};

class PrivatePostgres {
 public:
  PrivatePostgres();  // initdb + start
  ~PrivatePostgres();  // stop + remove
  PrivatePostgres(const PrivatePostgres&) = delete;
  PrivatePostgres& operator=(const PrivatePostgres&) = delete;

  void start();
  void stop();  // fast shutdown: open connections are cut
  int port() const { return port_; }
  std::string uri(const std::string& database = "postgres") const;

 private:
  void run_pg(const std::string& command) const;
  std::string bin_;
  std::string dir_;
  int port_ = 0;
  bool running_ = false;
};

}  // namespace zt::testing
