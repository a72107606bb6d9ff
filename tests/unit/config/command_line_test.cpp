// The one command-line parser: subcommands, --key value / --key=value,
// positional and required keys, environment prefixes, help and version, and
// usage errors that name the flag and point at the right --help.
#include "zt/config/command_line.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "zt/config/build_info.h"

namespace zt::config {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using Env = std::map<std::string, std::string>;

Program make_tool() {
  Schema run("ZT_TOOL_");
  run.add({"target", Type::kString, "127.0.0.1:7004", "where to send"});
  run.add({"rate", Type::kDouble, "1.5", "packets per second"});
  run.add({"count", Type::kInt, "3", "how many"});
  run.add({"seed-file", Type::kString, "", "the seed", /*secret_file=*/true});
  Schema keygen("ZT_TOOL_");
  keygen.add({.name = "out", .description = "output file", .required = true});
  keygen.add({.name = "name", .description = "a bare argument", .positional = true});
  Program p{"zt-tool", "does things", {}, "Exit status: 0 ok."};
  p.commands.push_back({"run", "run it", run, "More about run."});
  p.commands.push_back({"keygen", "make a key", keygen, ""});
  return p;
}

// Invocation::command points into the program, which must outlive it.
const Program& tool() {
  static const Program kTool = make_tool();
  return kTool;
}

struct Outcome {
  Invocation inv;
  std::string error;
};

Outcome parse(const Program& p, std::vector<std::string> args, const Env& env = {}) {
  std::vector<const char*> argv{"zt-tool"};
  for (auto& a : args) argv.push_back(a.c_str());
  Outcome o;
  try {
    o.inv = parse_command_line(p, static_cast<int>(argv.size()), argv.data(), env);
  } catch (const ConfigError& e) {
    o.error = e.what();
  }
  return o;
}

TEST(CommandLineTest, SubcommandFlagsInBothSpellings) {
  Outcome o = parse(tool(), {"run", "--target", "h:1", "--rate=2.5"});
  ASSERT_EQ(o.error, "");
  ASSERT_NE(o.inv.command, nullptr);
  EXPECT_EQ(o.inv.command->name, "run");
  EXPECT_EQ(o.inv.config.get_string("target"), "h:1");
  EXPECT_DOUBLE_EQ(o.inv.config.get_double("rate"), 2.5);
  EXPECT_EQ(o.inv.config.get_int("count"), 3);
  EXPECT_EQ(o.inv.config.source("target"), Source::kFlag);
}

TEST(CommandLineTest, EnvironmentUsesTheSchemaPrefix) {
  Outcome o = parse(tool(), {"run"}, {{"ZT_TOOL_COUNT", "7"}, {"ZT_COUNT", "9"}});
  ASSERT_EQ(o.error, "");
  EXPECT_EQ(o.inv.config.get_int("count"), 7);
  EXPECT_EQ(env_name("seed-file", "ZT_TOOL_"), "ZT_TOOL_SEED_FILE");
  EXPECT_EQ(tool().commands[0].schema.env_name("seed-file"), "ZT_TOOL_SEED_FILE");
}

TEST(CommandLineTest, PositionalAndRequiredKeys) {
  Outcome o = parse(tool(), {"keygen", "alice", "--out", "/tmp/x"});
  ASSERT_EQ(o.error, "");
  EXPECT_EQ(o.inv.config.get_string("name"), "alice");
  EXPECT_EQ(o.inv.config.get_string("out"), "/tmp/x");
  EXPECT_EQ(parse(tool(), {"keygen", "alice"}).error, "missing --out; see 'zt-tool keygen --help'");
  EXPECT_EQ(parse(tool(), {"keygen", "--out=x", "a", "b"}).error,
            "unexpected argument b; see 'zt-tool keygen --help'");
}

TEST(CommandLineTest, UsageErrorsNameTheFlagAndPointAtHelp) {
  EXPECT_EQ(parse(tool(), {"run", "--bogus", "1"}).error,
            "unknown flag --bogus; see 'zt-tool run --help'");
  EXPECT_EQ(parse(tool(), {"run", "--target"}).error,
            "missing value for --target; see 'zt-tool run --help'");
  EXPECT_EQ(parse(tool(), {"run", "--target", "--rate=1"}).error,
            "missing value for --target; see 'zt-tool run --help'");
  EXPECT_EQ(parse(tool(), {"run", "-x"}).error, "unknown flag -x; see 'zt-tool run --help'");
  EXPECT_THAT(parse(tool(), {"run", "--count", "many"}).error, HasSubstr("(from --count)"));
  EXPECT_THAT(parse(tool(), {"run", "--count", "many"}).error,
              EndsWith("see 'zt-tool run --help'"));
  EXPECT_EQ(parse(tool(), {"fly"}).error, "unknown command fly; see 'zt-tool --help'");
  EXPECT_EQ(parse(tool(), {}).error, "missing command (run, keygen); see 'zt-tool --help'");
  EXPECT_EQ(parse(tool(), {"--target=x"}).error,
            "missing command before --target=x (run, keygen); see 'zt-tool --help'");
  EXPECT_EQ(parse(tool(), {"help", "fly"}).error, "unknown command fly; see 'zt-tool --help'");
  EXPECT_THAT(parse(tool(), {"run", "--seed-file", "/nonexistent/seed"}).error,
              HasSubstr("/nonexistent/seed"));
}

TEST(CommandLineTest, HelpForTheProgramAndForEachCommand) {
  for (auto args : std::vector<std::vector<std::string>>{{"--help"}, {"-h"}, {"help"}}) {
    Outcome o = parse(tool(), args);
    ASSERT_EQ(o.error, "");
    EXPECT_EQ(o.inv.command, nullptr);
    EXPECT_THAT(o.inv.output, HasSubstr("zt-tool: does things"));
    EXPECT_THAT(o.inv.output, HasSubstr("  run      run it"));
    EXPECT_THAT(o.inv.output, HasSubstr("  keygen   make a key"));
    EXPECT_THAT(o.inv.output, HasSubstr("Exit status: 0 ok."));
  }
  std::string via_help = parse(tool(), {"help", "run"}).inv.output;
  EXPECT_EQ(parse(tool(), {"run", "--help"}).inv.output, via_help);
  EXPECT_EQ(parse(tool(), {"run", "--bogus", "-h"}).inv.output, via_help);  // help wins over errors
  EXPECT_THAT(via_help, HasSubstr("Usage: zt-tool run [flags]"));
  EXPECT_THAT(via_help, HasSubstr("--target (ZT_TOOL_TARGET, string, default 127.0.0.1:7004)"));
  EXPECT_THAT(via_help,
              HasSubstr("--seed-file (ZT_TOOL_SEED_FILE, string) [file holding a secret]"));
  EXPECT_THAT(via_help, HasSubstr("More about run."));
  EXPECT_THAT(via_help, Not(HasSubstr("--out")));
  std::string keygen = parse(tool(), {"help", "keygen"}).inv.output;
  EXPECT_THAT(keygen, HasSubstr("Usage: zt-tool keygen [flags] [<name>]"));
  EXPECT_THAT(keygen, HasSubstr("--out (ZT_TOOL_OUT, string, required)"));
  EXPECT_THAT(keygen, HasSubstr("<name> (or --name, ZT_TOOL_NAME, string)"));
}

TEST(CommandLineTest, CommandsOfSeveralWords) {
  Schema flags("ZT_TOOL_");
  flags.add({"type", Type::kString, "", "what kind"});
  flags.add({"id", Type::kString, "", "which one", false, false, /*positional=*/true});
  Program p{"zt-tool", "does things", {}, ""};
  p.commands.push_back({"meeting", "the meeting", flags, ""});
  p.commands.push_back({"meeting create", "create one", flags, ""});
  // Two words or one argument with the space; the longest name wins.
  for (auto args : std::vector<std::vector<std::string>>{{"meeting", "create", "--type", "x", "7"},
                                                          {"meeting create", "--type", "x", "7"}}) {
    Outcome o = parse(p, args);
    ASSERT_EQ(o.error, "");
    ASSERT_NE(o.inv.command, nullptr);
    EXPECT_EQ(o.inv.command->name, "meeting create");
    EXPECT_EQ(o.inv.config.get_string("type"), "x");
    EXPECT_EQ(o.inv.config.get_string("id"), "7");
  }
  EXPECT_EQ(parse(p, {"meeting", "7"}).error, "");  // a word that names no longer command
  EXPECT_EQ(parse(p, {"meeting", "7"}).inv.command->name, "meeting");
  std::string help = parse(p, {"help", "meeting", "create"}).inv.output;
  EXPECT_THAT(help, HasSubstr("zt-tool meeting create: create one"));
  EXPECT_EQ(parse(p, {"help", "meeting create"}).inv.output, help);
  EXPECT_EQ(parse(p, {"meeting", "create", "--help"}).inv.output, help);
  EXPECT_THAT(parse(p, {"--help"}).inv.output, HasSubstr("  meeting create   create one"));
  EXPECT_EQ(parse(p, {"meeting", "create", "--bogus", "1"}).error,
            "unknown flag --bogus; see 'zt-tool meeting create --help'");
  EXPECT_EQ(parse(p, {"help", "meeting", "create", "x"}).error,
            "unexpected argument x; see 'zt-tool --help'");
}

TEST(CommandLineTest, VersionNamesTheCommit) {
  Outcome o = parse(tool(), {"run", "--version"});
  ASSERT_EQ(o.error, "");
  EXPECT_EQ(o.inv.command, nullptr);
  EXPECT_THAT(o.inv.output, HasSubstr("zt-tool " + std::string(build_version()) + "\n"));
  EXPECT_THAT(o.inv.output, HasSubstr("commit " + std::string(build_commit())));
  EXPECT_EQ(build_commit().size(), 40u) << "the build could not ask git for the commit";
}

TEST(CommandLineTest, HelpJsonListsEveryCommandAndFlag) {
  auto j = nlohmann::json::parse(parse(tool(), {"--help-json"}).inv.output);
  EXPECT_EQ(j["program"], "zt-tool");
  ASSERT_EQ(j["commands"].size(), 2u);
  EXPECT_EQ(j["commands"][0]["name"], "run");
  EXPECT_EQ(j["commands"][0]["flags"].size(), 4u);
  EXPECT_EQ(j["commands"][0]["flags"][3]["env"], "ZT_TOOL_SEED_FILE");
  EXPECT_EQ(j["commands"][0]["flags"][3]["secret_file"], true);
  EXPECT_EQ(j["commands"][1]["flags"][1]["positional"], true);
}

TEST(CommandLineTest, ProgramWithoutSubcommands) {
  Schema s("ZT_CHECK_");
  s.add({.name = "address", .description = "host:port", .required = true, .positional = true});
  s.add({"timeout-ms", Type::kInt, "3000", "deadline"});
  Program p{"zt-check", "checks", {}, ""};
  p.commands.push_back({"", "", s, ""});
  Outcome o = parse(p, {"h:1", "--timeout-ms", "5"});
  ASSERT_EQ(o.error, "");
  EXPECT_EQ(o.inv.config.get_string("address"), "h:1");
  EXPECT_EQ(o.inv.config.get_int("timeout-ms"), 5);
  EXPECT_EQ(parse(p, {}).error, "missing <address>; see 'zt-check --help'");
  EXPECT_EQ(parse(p, {"--nope=1"}).error, "unknown flag --nope; see 'zt-check --help'");
  std::string help = parse(p, {"-h"}).inv.output;
  EXPECT_THAT(help, HasSubstr("zt-check: checks"));
  EXPECT_THAT(help, HasSubstr("Usage: zt-check [flags] <address>"));
  EXPECT_THAT(help, HasSubstr("--timeout-ms (ZT_CHECK_TIMEOUT_MS, integer, default 3000)"));
}

TEST(CommandLineTest, SchemaRefusesBadNames) {
  Schema s;
  EXPECT_THROW(s.add({"Grant", Type::kString, "", "upper case"}), std::logic_error);
  EXPECT_THROW(s.add({"help", Type::kString, "", "reserved"}), std::logic_error);
  EXPECT_THROW(s.add({"a b", Type::kString, "", "space"}), std::logic_error);
  EXPECT_THROW(s.add({"seed", Type::kString, "", "secret without _file", true}), std::logic_error);
  s.add({"seed-file", Type::kString, "", "secret", true});
  EXPECT_THROW(Schema("LOADGEN_"), std::logic_error);
}

}  // namespace
}  // namespace zt::config
