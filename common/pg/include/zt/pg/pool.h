// A PostgreSQL connection pool over libpqxx 6 with reconnect and named
// prepared statements.
//
//   // SQL lives in named constants; the name doubles as a metric label.
//   inline constexpr zt::pg::Statement kGetKey{"kms_get_key",
//       "SELECT wrapped FROM content_keys WHERE id = $1"};
//
//   zt::pg::Pool pool({.uri = cfg.get_string("postgres.uri"),
//                      .password = cfg.read_secret("postgres.password_file"),
//                      .statements = {kGetKey}});
//   auto rows = pool.run([&](pqxx::connection& c) {
//     pqxx::work tx(c);
//     auto r = tx.exec_prepared(kGetKey.name, id);
//     tx.commit();
//     return r;
//   });
//
// run() leases a connection, prepares every registered statement on a new
// connection, and if the connection turns out broken (server restarted,
// network cut) replaces it and runs `fn` once more on a fresh connection;
// so `fn` must be one whole transaction. Other errors propagate unchanged.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/pqxx>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "zt/crypto/secret_bytes.h"

namespace zt::pg {

struct Statement {
  const char* name;
  const char* sql;
};

struct PoolOptions {
  std::string uri = "postgresql://zt@127.0.0.1:55432/zt";
  crypto::SecretBytes password;  // from the file config names; may be empty
  std::size_t size = 4;
  std::chrono::milliseconds acquire_timeout{5000};
  std::vector<Statement> statements;
};

// The libpq connection string: `uri` plus the password as a URI parameter.
// It holds the password, so it is secret too.
crypto::SecretBytes connection_string(const std::string& uri, const crypto::SecretBytes& password);

class PoolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Pool {
 public:
  // Connects lazily; call check() to fail fast at start.
  explicit Pool(PoolOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  template <class F>
  auto run(F&& fn) -> decltype(fn(std::declval<pqxx::connection&>())) {
    for (int attempt = 0;; ++attempt) {
      Lease lease = acquire();
      try {
        return fn(*lease.connection);
      } catch (const pqxx::broken_connection&) {
        lease.broken = true;
        if (attempt >= 1) throw;
      }
    }
  }

  // Opens one connection and runs SELECT 1; throws PoolError (no secret in it).
  void check();

  std::size_t open_connections() const;
  // Connections replaced after a failure since start (tests, metrics).
  std::size_t reconnects() const;

  // Exports zt_pg_pool_connections{state="idle"|"leased"} and
  // zt_pg_pool_reconnects_total to `registry` (which must outlive the pool).
  // Chassis::postgres() does this for the service's pool.
  void export_metrics(prometheus::Registry& registry);

  // Registers another statement (prepared on connections opened from now on
  // and lazily on existing ones).
  void add_statement(Statement statement);

 private:
  struct Lease {
    Pool* pool = nullptr;
    std::unique_ptr<pqxx::connection> connection;
    bool broken = false;
    Lease() = default;
    Lease(Lease&&) = default;
    ~Lease();
  };
  Lease acquire();
  void release(std::unique_ptr<pqxx::connection> connection, bool broken);
  std::unique_ptr<pqxx::connection> open();

  PoolOptions options_;
  crypto::SecretBytes connection_string_;  // NUL-terminated, for libpq
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  std::size_t leased_ = 0;
  std::size_t reconnects_ = 0;
  struct Metrics {
    prometheus::Gauge* idle = nullptr;
    prometheus::Gauge* leased = nullptr;
    prometheus::Counter* reconnects = nullptr;
  } metrics_;
  void update_gauges_locked();
};

}  // namespace zt::pg
