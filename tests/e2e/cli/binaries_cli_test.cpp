// Every binary in $ZT_BIN_DIR (services and tools): --help / -h describe it
// and list every flag of its schema (from --help-json) with its environment
// variable and default, `help <command>` and `<command> --help` do the same
// per command, --version names the version and the commit, and a usage error
// exits 2 with one line naming the flag and pointing at --help.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "zt/testing/env.h"
#include "zt/testing/process.h"

namespace zt::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Outcome {
  int code = -1;
  std::string out;
  std::string err;
};

Outcome run(const std::string& binary, const std::vector<std::string>& args) {
  Process p(bin_path(binary), args);
  auto code = p.wait(20s);
  EXPECT_TRUE(code.has_value()) << binary << " kept running";
  return {code.value_or(-1), p.stdout_text(), p.stderr_text()};
}

std::vector<std::string> binaries() {
  std::vector<std::string> out;
  const char* dir = std::getenv("ZT_BIN_DIR");
  if (dir == nullptr) return out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.is_regular_file() && ::access(e.path().c_str(), X_OK) == 0)
      out.push_back(e.path().filename());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> non_empty_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

class BinaryCliTest : public ::testing::TestWithParam<std::string> {
 protected:
  const std::string& binary() const { return GetParam(); }

  nlohmann::json schema() {
    Outcome r = run(binary(), {"--help-json"});
    EXPECT_EQ(r.code, 0) << r.err;
    return nlohmann::json::parse(r.out);
  }
  static bool has_subcommands(const nlohmann::json& s) {
    return !(s["commands"].size() == 1 && s["commands"][0]["name"] == "");
  }
  // The arguments that select `command` ({} for a program without subcommands).
  static std::vector<std::string> select(const nlohmann::json& command) {
    std::string name = command["name"];
    return name.empty() ? std::vector<std::string>{} : std::vector<std::string>{name};
  }
};

TEST(BinariesCliTest, BinDirHoldsServicesAndTools) {
  auto all = binaries();
  for (const char* b : {"zt-controlhub", "zt-kms", "zt-delivery", "zt-sfu", "zt-calling",
                        "zt-loadgen", "zt-healthcheck", "zt-mls-vectors"}) {
    EXPECT_NE(std::find(all.begin(), all.end(), b), all.end()) << b << " missing from $ZT_BIN_DIR";
  }
}

TEST_P(BinaryCliTest, HelpSaysWhatItDoes) {
  Outcome r = run(binary(), {"--help"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith(binary() + ": "));
  EXPECT_THAT(r.out, HasSubstr("Usage: " + binary()));
  EXPECT_THAT(r.out, HasSubstr("--version"));
  EXPECT_EQ(run(binary(), {"-h"}).out, r.out);
  nlohmann::json s = schema();
  EXPECT_EQ(s["program"], binary());
  EXPECT_GT(std::string(s["summary"]).size(), 20u) << "say what " << binary() << " does";
  if (has_subcommands(s)) {
    for (const auto& c : s["commands"])
      EXPECT_THAT(r.out, HasSubstr("  " + std::string(c["name"])));
  }
}

TEST_P(BinaryCliTest, HelpListsEveryFlagWithEnvironmentAndDefault) {
  nlohmann::json s = schema();
  for (const auto& c : s["commands"]) {
    std::vector<std::string> args = select(c);
    args.push_back("--help");
    Outcome r = run(binary(), args);
    ASSERT_EQ(r.code, 0) << r.err;
    if (has_subcommands(s)) {
      EXPECT_EQ(run(binary(), {"help", c["name"]}).out, r.out) << "help " << c["name"];
    }
    for (const auto& f : c["flags"]) {
      std::string name = f["name"];
      SCOPED_TRACE(binary() + " " + std::string(c["name"]) + " --" + name);
      EXPECT_THAT(r.out, HasSubstr("--" + name + (f["positional"] ? ", " : " (")));
      EXPECT_THAT(r.out, HasSubstr(std::string(f["env"])));
      if (!std::string(f["default"]).empty()) {
        EXPECT_THAT(r.out, HasSubstr("default " + std::string(f["default"])));
      }
      EXPECT_THAT(r.out, HasSubstr(std::string(f["description"])));
    }
  }
}

TEST_P(BinaryCliTest, VersionNamesVersionAndCommit) {
  Outcome r = run(binary(), {"--version"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith(binary() + " " + ZT_PROJECT_VERSION + "\n"));
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\ncommit [0-9a-f]{40}"))) << r.out;
}

TEST_P(BinaryCliTest, UnknownFlagIsOneLineAndExitTwo) {
  nlohmann::json s = schema();
  for (const auto& c : s["commands"]) {
    std::vector<std::string> args = select(c);
    args.insert(args.end(), {"--no-such-flag", "1"});
    Outcome r = run(binary(), args);
    EXPECT_EQ(r.code, 2) << r.out << r.err;
    auto lines = non_empty_lines(r.err);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    EXPECT_THAT(lines[0], HasSubstr("unknown flag --no-such-flag"));
    EXPECT_THAT(lines[0], HasSubstr("--help"));
  }
}

TEST_P(BinaryCliTest, MissingValueIsOneLineAndExitTwo) {
  nlohmann::json s = schema();
  for (const auto& c : s["commands"]) {
    for (const auto& f : c["flags"]) {
      if (f["positional"]) continue;
      std::vector<std::string> args = select(c);
      args.push_back("--" + std::string(f["name"]));
      Outcome r = run(binary(), args);
      EXPECT_EQ(r.code, 2) << r.out << r.err;
      auto lines = non_empty_lines(r.err);
      ASSERT_EQ(lines.size(), 1u) << r.err;
      EXPECT_THAT(lines[0], HasSubstr("missing value for --" + std::string(f["name"])));
      EXPECT_THAT(lines[0], HasSubstr("--help"));
      break;  // one flag per command is enough: they share the parser
    }
  }
}

TEST_P(BinaryCliTest, MissingOrUnknownCommandIsExitTwo) {
  nlohmann::json s = schema();
  if (!has_subcommands(s)) GTEST_SKIP() << binary() << " has no subcommands";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{}, std::vector<std::string>{"no-such"}}) {
    Outcome r = run(binary(), args);
    EXPECT_EQ(r.code, 2);
    auto lines = non_empty_lines(r.err);
    ASSERT_EQ(lines.size(), 1u) << r.err;
    EXPECT_THAT(lines[0], HasSubstr(binary() + " --help"));
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param;
  std::replace_if(
      n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return n;
}

INSTANTIATE_TEST_SUITE_P(EveryBinary, BinaryCliTest, ::testing::ValuesIn(binaries()), test_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(BinaryCliTest);

}  // namespace
}  // namespace zt::testing
