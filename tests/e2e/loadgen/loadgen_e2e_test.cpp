// zt-loadgen binary end to end: keygen writes a JWK Set and a private seed;
// `zt-loadgen sfu` run from inside a checkout finds .run/secrets/sfu-grant.seed
// and says where; the baseline mode drives udp_relay_baseline; the --json
// report has the fields docs/loadgen.md documents; the progress line shows
// on a terminal only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "zt/testing/env.h"
#include "zt/testing/process.h"

namespace zt::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

Outcome run(const std::string& path, const std::vector<std::string>& args,
            const fs::path& cwd = fs::current_path()) {
  const fs::path back = fs::current_path();
  fs::current_path(cwd);  // the child starts in `cwd`
  Process p(path, args);
  fs::current_path(back);
  auto code = p.wait(60s);
  EXPECT_TRUE(code.has_value()) << path << " kept running";
  return {code.value_or(-1), p.stdout_text(), p.stderr_text()};
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class LoadgenE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("zt-loadgen-e2e");
    fs::create_directories(dir_ / ".run/secrets");
    fs::create_directories(dir_ / "deep/inside");
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path seed() const { return dir_ / ".run/secrets/sfu-grant.seed"; }

  void keygen() {
    Outcome r = run(bin_path("zt-loadgen"),
                    {"keygen", "--jwks", (dir_ / "jwks.json").string(), "--seed", seed().string()});
    ASSERT_EQ(r.code, 0) << r.err;
  }

  // Every key of the report (and of its objects) is named in docs/loadgen.md.
  static void expect_documented(const nlohmann::json& report) {
    const std::string doc = read(fs::path(require_env("ZT_SOURCE_DIR")) / "docs/loadgen.md");
    for (const auto& [key, value] : report.items()) {
      EXPECT_THAT(doc, HasSubstr("`" + key + "`"))
          << "report field " << key << " not in docs/loadgen.md";
      if (value.is_object()) {
        for (const auto& [sub, v] : value.items())
          EXPECT_THAT(doc, HasSubstr("`" + key + "." + sub + "`"));
      }
    }
  }

  fs::path dir_;
};

TEST_F(LoadgenE2eTest, KeygenWritesAPrivateSeedAndAJwkSet) {
  keygen();
  struct stat st {};
  ASSERT_EQ(::stat(seed().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(read(seed()).size(), 65u);  // 32 bytes in hex and a newline
  auto jwks = nlohmann::json::parse(read(dir_ / "jwks.json"));
  EXPECT_EQ(jwks["keys"][0]["kid"], "local-grant");
}

TEST_F(LoadgenE2eTest, SfuRunFindsTheStackSeedAndReportsJson) {
  keygen();
  Process sfu(bin_path("zt-sfu"), {"--grpc.address=127.0.0.1:0", "--metrics.address=127.0.0.1:0",
                                   "--sfu.udp_address=127.0.0.1:0", "--sfu.redis_registry=false",
                                   "--sfu.trusted_jwks_file=" + (dir_ / "jwks.json").string(),
                                   "--state_dir=" + (dir_ / "state").string()});
  ASSERT_TRUE(sfu.wait_for_output("\"serving\"", 20s)) << sfu.stderr_text();
  const std::string address = "127.0.0.1:" + std::to_string(sfu.logged_int("grpc_port").value());

  Outcome r = run(bin_path("zt-loadgen"),
                  {"sfu", "--sfu", address, "--publishers", "2", "--subscribers", "3",
                   "--video-kbps", "300", "--duration", "1", "--json", "-"},
                  dir_ / "deep/inside");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("grant seed from " + seed().string() + " (kid local-grant)"));
  EXPECT_THAT(r.out, Not(HasSubstr("\r"))) << "no progress line when stdout is not a terminal";
  auto report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["mode"], "sfu");
  EXPECT_EQ(report["target"], address);
  EXPECT_EQ(report["subscribers"], 3);
  EXPECT_GT(report["sent"].get<uint64_t>(), 50u);
  EXPECT_EQ(report["received"].get<uint64_t>(), report["sent"].get<uint64_t>() * 3);
  EXPECT_EQ(report["integrity_failures"], 0);
  EXPECT_EQ(report["ok"], true);
  EXPECT_EQ(report["commit"].get<std::string>().size(), 40u);
  expect_documented(report);
}

class BaselineRelay {
 public:
  BaselineRelay(int listen_port, int dest_port_base, int fanout)
      : process_(bin_path("udp_relay_baseline"),
                 {"--listen-port", std::to_string(listen_port), "--dest-port-base",
                  std::to_string(dest_port_base), "--fanout", std::to_string(fanout), "--duration",
                  "60"}) {
    EXPECT_TRUE(process_.wait_for_output("udp_relay_baseline pid=", 10s)) << process_.stderr_text();
  }
  pid_t pid() const { return process_.pid(); }

 private:
  Process process_;
};

TEST_F(LoadgenE2eTest, BaselineRunThroughTheRelay) {
  const int listen = free_port();
  const int base = 43000 + static_cast<int>(::getpid() % 2000) * 4;
  BaselineRelay relay(listen, base, 2);
  const fs::path json = dir_ / "baseline.json";
  Outcome r = run(bin_path("zt-loadgen"),
                  {"baseline", "--relay", "127.0.0.1:" + std::to_string(listen), "--dest-port-base",
                   std::to_string(base), "--subscribers", "2", "--duration", "1", "--relay-pid",
                   std::to_string(relay.pid()), "--json", json.string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("mode baseline  publishers 1  subscribers 2"));
  auto report = nlohmann::json::parse(read(json));
  EXPECT_EQ(report["mode"], "baseline");
  EXPECT_EQ(report["loss"], 0.0);
  EXPECT_GE(report["relay_cpu_us_per_output_packet"].get<double>(), 0.0);
  expect_documented(report);
}

TEST_F(LoadgenE2eTest, ProgressLineOnlyOnATerminal) {
  const int listen = free_port();
  const int base = 45000 + static_cast<int>(::getpid() % 2000) * 4;
  BaselineRelay relay(listen, base, 1);
  auto command = [&](const char* progress) {
    return bin_path("zt-loadgen") + " baseline --relay 127.0.0.1:" + std::to_string(listen) +
           " --dest-port-base " + std::to_string(base) + " --duration 2.5 --progress " + progress;
  };
  // script(1) gives the load generator a pseudo-terminal as stdout.
  Outcome on = run("/usr/bin/script", {"-qefc", command("1"), "/dev/null"});
  ASSERT_EQ(on.code, 0) << on.out << on.err;
  EXPECT_THAT(on.out, HasSubstr("] in "));
  EXPECT_THAT(on.out, HasSubstr(" pkt/s  out "));
  EXPECT_THAT(on.out, HasSubstr("  p99 "));
  EXPECT_THAT(on.out, HasSubstr("mode baseline"));
  Outcome off = run("/usr/bin/script", {"-qefc", command("0"), "/dev/null"});
  ASSERT_EQ(off.code, 0) << off.out << off.err;
  EXPECT_THAT(off.out, Not(HasSubstr(" pkt/s  out ")));
  EXPECT_THAT(off.out, HasSubstr("mode baseline"));
}

}  // namespace
}  // namespace zt::testing
