// Two processes migrate the same fresh database at once: each migration is
// applied exactly once, and both see the final schema.
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "zt/pg/migrations.h"
#include "zt/testing/postgres.h"

namespace zt::pg {
namespace {

const std::vector<Migration>& test_migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "0001_init", "CREATE TABLE widgets (id integer PRIMARY KEY); CREATE TABLE applied_log (version integer);"},
      {2, "0002_slow", "INSERT INTO applied_log VALUES (2); SELECT pg_sleep(0.3);"},
      // Not idempotent: a second run would fail on the duplicate column.
      {3, "0003_name", "ALTER TABLE widgets ADD COLUMN name text; INSERT INTO applied_log VALUES (3);"},
  };
  return kMigrations;
}

// In a child: wait for the start signal, migrate, exit with the count applied.
[[noreturn]] void child_migrate(const std::string& uri, int start_fd) {
  int code = 100;
  try {
    pqxx::connection c(uri);
    char b;
    if (::read(start_fd, &b, 1) < 0) ::_exit(101);
    code = static_cast<int>(migrate(c, "widgets", test_migrations()).size());
  } catch (const std::exception&) {
    code = 102;
  }
  ::_exit(code);
}

TEST(MigrationsPgTest, TwoProcessesStartingAtOnceApplyEachMigrationOnce) {
  zt::testing::TempDatabase db;
  int start[2];
  ASSERT_EQ(::pipe(start), 0);
  std::vector<pid_t> children;
  for (int i = 0; i < 2; ++i) {
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(start[1]);
      child_migrate(db.uri(), start[0]);
    }
    children.push_back(pid);
  }
  ::close(start[0]);
  ::close(start[1]);  // EOF releases both children at the same moment
  int total_applied = 0;
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_LE(WEXITSTATUS(status), 3) << "child failed with code " << WEXITSTATUS(status);
    total_applied += WEXITSTATUS(status);
  }
  EXPECT_EQ(total_applied, 3);

  pqxx::connection c(db.uri());
  pqxx::work tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM schema_migrations WHERE scope = 'widgets'")[0].as<int>(), 3);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM applied_log")[0].as<int>(), 2);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM information_schema.columns WHERE table_name = 'widgets'")[0].as<int>(),
            2);
}

TEST(MigrationsPgTest, RerunAppliesNothingAndNewVersionsApplyInOrder) {
  zt::testing::TempDatabase db;
  pqxx::connection c(db.uri());
  std::vector<Migration> first(test_migrations().begin(), test_migrations().begin() + 2);
  EXPECT_EQ(migrate(c, "widgets", first), (std::vector<int>{1, 2}));
  EXPECT_EQ(migrate(c, "widgets", first), std::vector<int>{});
  EXPECT_EQ(migrate(c, "widgets", test_migrations()), std::vector<int>{3});
  // Another scope in the same database keeps its own history.
  std::vector<Migration> other = {{1, "0001_other", "CREATE TABLE other_things (id integer);"}};
  EXPECT_EQ(migrate(c, "other", other), std::vector<int>{1});
}

TEST(MigrationsPgTest, FailingMigrationIsNamedAndLeavesNoTrace) {
  zt::testing::TempDatabase db;
  pqxx::connection c(db.uri());
  std::vector<Migration> bad = {{1, "0001_ok", "CREATE TABLE ok_table (id integer);"},
                                {2, "0002_broken", "CREATE TABLE half (id integer); SELEC nonsense;"}};
  try {
    (void)migrate(c, "bad", bad);
    ADD_FAILURE() << "broken migration applied";
  } catch (const MigrationError& e) {
    EXPECT_NE(std::string(e.what()).find("0002_broken"), std::string::npos);
  }
  pqxx::work tx(c);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM schema_migrations WHERE scope = 'bad'")[0].as<int>(), 1);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_tables WHERE tablename = 'half'")[0].as<int>(), 0);
}

}  // namespace
}  // namespace zt::pg
