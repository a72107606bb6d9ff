// The pool against real servers: prepared statements on the shared test
// server, and reconnect after a private PostgreSQL restarts under it.
#include <gtest/gtest.h>

#include "zt/pg/pool.h"
#include "zt/testing/postgres.h"

namespace zt::pg {
namespace {

inline constexpr Statement kAddOne{"test_add_one", "SELECT $1::integer + 1"};
inline constexpr Statement kInsertNote{"test_insert_note", "INSERT INTO notes (body) VALUES ($1)"};
inline constexpr Statement kCountNotes{"test_count_notes", "SELECT count(*) FROM notes"};

int add_one(Pool& pool, int n) {
  return pool.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    int v = tx.exec_prepared1(kAddOne.name, n)[0].as<int>();
    tx.commit();
    return v;
  });
}

TEST(PoolPgTest, PreparedStatementsOnEveryConnection) {
  zt::testing::TempDatabase db;
  {
    pqxx::connection c(db.uri());
    pqxx::work tx(c);
    tx.exec("CREATE TABLE notes (body text)");
    tx.commit();
  }
  Pool pool({.uri = db.uri(), .size = 3, .statements = {kAddOne, kInsertNote}});
  pool.add_statement(kCountNotes);
  pool.check();
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        pool.run([&](pqxx::connection& c) {
          pqxx::work tx(c);
          tx.exec_prepared0(kInsertNote.name, std::to_string(t));
          tx.commit();
          return 0;
        });
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(add_one(pool, 41), 42);
  EXPECT_LE(pool.open_connections(), 3u);
  int count = pool.run([](pqxx::connection& c) {
    pqxx::work tx(c);
    return tx.exec_prepared1(kCountNotes.name)[0].as<int>();
  });
  EXPECT_EQ(count, 15);
}

TEST(PoolPgTest, SqlErrorsPropagateAndKeepTheConnection) {
  zt::testing::TempDatabase db;
  Pool pool({.uri = db.uri(), .size = 1});
  EXPECT_THROW(pool.run([](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec("SELECT * FROM no_such_table");
    return 0;
  }),
               pqxx::sql_error);
  pool.check();
  EXPECT_EQ(pool.reconnects(), 0u);
}

TEST(PoolPgTest, CheckFailsClearlyWhenNothingListens) {
  Pool pool({.uri = "postgresql://zt@127.0.0.1:1/zt",
             .password = crypto::SecretBytes(as_bytes("pw-never-printed"))});
  try {
    pool.check();
    ADD_FAILURE() << "connected to port 1";
  } catch (const PoolError& e) {
    EXPECT_EQ(std::string(e.what()).find("pw-never-printed"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:1"), std::string::npos);
  }
}

TEST(PoolPgTest, NextQueryAfterPostgresRestartSucceeds) {
  zt::testing::PrivatePostgres server;
  Pool pool({.uri = server.uri(), .size = 2, .statements = {kAddOne}});
  prometheus::Registry registry;
  pool.export_metrics(registry);
  ASSERT_EQ(add_one(pool, 1), 2);
  ASSERT_EQ(pool.open_connections(), 1u);

  server.stop();
  EXPECT_ANY_THROW(add_one(pool, 2));  // down: an error, not a crash
  server.start();

  EXPECT_EQ(add_one(pool, 3), 4);  // same pool, no service restart
  EXPECT_EQ(add_one(pool, 4), 5);
  EXPECT_GE(pool.reconnects(), 1u);
  double exported_reconnects = -1;
  for (const auto& family : registry.Collect()) {
    if (family.name == "zt_pg_pool_reconnects_total") exported_reconnects = family.metric.at(0).counter.value;
  }
  EXPECT_EQ(exported_reconnects, static_cast<double>(pool.reconnects()));
}

}  // namespace
}  // namespace zt::pg
