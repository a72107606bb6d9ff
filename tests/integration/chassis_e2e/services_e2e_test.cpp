// zt-calling starts on a fresh database, migrates,
// reports SERVING through zt-healthcheck for the process but NOT_SERVING for
// the API it does not have yet, exposes /metrics, and stops cleanly.
#include <csignal>
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "zt/testing/env.h"
#include "zt/testing/http.h"
#include "zt/testing/postgres.h"
#include "zt/testing/process.h"

namespace zt::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::map<std::string, std::string> service_env(const TempDatabase& db) {
  return {{"ZT_POSTGRES_URI", db.uri()},
          {"ZT_REDIS_HOST", require_env("ZT_TEST_REDIS_HOST")},
          {"ZT_REDIS_PORT", require_env("ZT_TEST_REDIS_PORT")},
          {"ZT_GRPC_ADDRESS", "127.0.0.1:0"},
          {"ZT_METRICS_ADDRESS", "127.0.0.1:0"}};
}

std::pair<int, std::string> healthcheck(int port, const std::string& service = "") {
  std::vector<std::string> args{"127.0.0.1:" + std::to_string(port)};
  if (!service.empty()) args.push_back(service);
  Process p(bin_path("zt-healthcheck"), args);
  auto code = p.wait(20s);
  return {code.value_or(-1), p.stdout_text()};
}

class ServicesE2eTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ServicesE2eTest, StartsMigratesServesAndStops) {
  const std::string svc = GetParam();
  TempDatabase db;
  Process p(bin_path("zt-" + svc), {}, service_env(db));
  ASSERT_TRUE(p.wait_for_output("\"serving\"", 30s)) << p.stderr_text();
  const int grpc_port = p.logged_int("grpc_port").value_or(0);
  const int metrics_port = p.logged_int("metrics_port").value_or(0);

  auto [code, out] = healthcheck(grpc_port);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out, "SERVING\n");
  // A placeholder does not claim an API it does not serve: its own name is
  // NOT_SERVING while the process ("") is SERVING.
  auto [svc_code, svc_out] = healthcheck(grpc_port, svc);
  EXPECT_NE(svc_code, 0);
  EXPECT_EQ(svc_out, "NOT_SERVING\n");
  EXPECT_EQ(healthcheck(grpc_port, "no.such.Service").first, 1);

  std::string metrics = http_get("127.0.0.1", metrics_port, "/metrics");
  EXPECT_THAT(metrics, HasSubstr("zt_grpc_server_handled_total{code=\"OK\",method=\"/grpc.health.v1.Health/Check\"} 2"));
  EXPECT_THAT(metrics, HasSubstr("process_cpu_seconds_total"));
  EXPECT_THAT(metrics, HasSubstr("zt_pg_pool_connections{state=\"idle\"} 1"));

  pqxx::connection c(db.uri());
  pqxx::work tx(c);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM schema_migrations WHERE scope = $1", svc)[0].as<int>(), 1);
  tx.commit();

  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(30s), std::optional<int>(0)) << p.stderr_text();
}

INSTANTIATE_TEST_SUITE_P(Chassis, ServicesE2eTest, ::testing::Values("calling"));

// The stack's way: no PGPASSFILE, the password comes from the file that
// ZT_POSTGRES_PASSWORD_FILE names.
TEST(ServicesPasswordE2eTest, PasswordComesFromTheConfiguredFile) {
  TempDatabase db;
  std::ifstream pgpass(require_env("PGPASSFILE"));
  std::string line;
  std::getline(pgpass, line);
  const std::string password = line.substr(line.rfind(':') + 1);
  ASSERT_FALSE(password.empty());
  const std::string dir = make_temp_dir("zt-pw");
  { std::ofstream(dir + "/pg-password") << password << "\n"; }
  auto env = service_env(db);
  env["PGPASSFILE"] = "\x01";
  env["ZT_POSTGRES_PASSWORD_FILE"] = dir + "/pg-password";
  Process p(bin_path("zt-kms"), {}, env);
  ASSERT_TRUE(p.wait_for_output("\"serving\"", 30s)) << p.stderr_text();
  EXPECT_EQ(p.stderr_text().find(password), std::string::npos) << "password leaked into the log";
  p.signal(SIGTERM);
  EXPECT_EQ(p.wait(30s), std::optional<int>(0));

  // And a wrong password is refused: the service exits non-zero.
  { std::ofstream(dir + "/pg-password") << "wrong-" << password << "\n"; }
  env["ZT_POSTGRES_STARTUP_WAIT_MS"] = "0";
  Process bad(bin_path("zt-kms"), {}, env);
  EXPECT_EQ(bad.wait(30s), std::optional<int>(1)) << bad.stderr_text();
  EXPECT_EQ(bad.stderr_text().find(password), std::string::npos) << "password leaked into the log";
  std::filesystem::remove_all(dir);
}

TEST(ServicesMigrationE2eTest, TwoKmsProcessesStartingAtOnceMigrateOnce) {
  TempDatabase db;
  Process a(bin_path("zt-kms"), {}, service_env(db));
  Process b(bin_path("zt-kms"), {}, service_env(db));
  ASSERT_TRUE(a.wait_for_output("\"serving\"", 30s)) << a.stderr_text();
  ASSERT_TRUE(b.wait_for_output("\"serving\"", 30s)) << b.stderr_text();
  const std::string logs = a.stderr_text() + b.stderr_text();
  size_t applied = 0;
  for (size_t at = logs.find("\"migration applied\""); at != std::string::npos;
       at = logs.find("\"migration applied\"", at + 1)) {
    ++applied;
  }
  // Each of the KMS's migrations is applied once, by one of the two.
  pqxx::connection c(db.uri());
  pqxx::work tx(c);
  const auto migrations =
      tx.exec1("SELECT count(*) FROM schema_migrations WHERE scope = 'kms'")[0].as<size_t>();
  EXPECT_GE(migrations, 1u);
  EXPECT_EQ(applied, migrations);
  EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_tables WHERE tablename = 'kms_content_keys'")[0].as<int>(), 1);
}

}  // namespace
}  // namespace zt::testing
