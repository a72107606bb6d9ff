#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "zt/config/config.h"
#include "zt/server/chassis.h"
#include "zt/testing/env.h"

namespace zt::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Env = std::map<std::string, std::string>;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = zt::testing::make_temp_dir("zt-config-test");
    schema_ = server::chassis_schema("svc", 7100, 9100);
    server::add_postgres_keys(schema_);
    schema_.add({"svc.ratio", Type::kDouble, "0.5", "a number"});
    schema_.add({"svc.enabled", Type::kBool, "false", "a flag"});
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  Config load_with(std::vector<std::string> args, const Env& env = {}) {
    std::vector<const char*> argv{"zt-svc"};
    for (auto& a : args) argv.push_back(a.c_str());
    return load(schema_, static_cast<int>(argv.size()), argv.data(), env);
  }

  std::string error_of(std::vector<std::string> args, const Env& env = {}) {
    try {
      load_with(std::move(args), env);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(no error)";
  }

  std::string dir_;
  Schema schema_;
};

TEST_F(ConfigTest, DefaultsWorkOnOneMachine) {
  Config c = load_with({});
  EXPECT_EQ(c.get_string("grpc.address"), "127.0.0.1:7100");
  EXPECT_EQ(c.get_string("metrics.address"), "127.0.0.1:9100");
  EXPECT_EQ(c.get_string("postgres.uri"), "postgresql://zt@127.0.0.1:55432/zt");
  EXPECT_EQ(c.get_int("grpc.drain_timeout_ms"), 10000);
  EXPECT_DOUBLE_EQ(c.get_double("svc.ratio"), 0.5);
  EXPECT_FALSE(c.get_bool("svc.enabled"));
  EXPECT_EQ(c.source("grpc.address"), Source::kDefault);
}

TEST_F(ConfigTest, EnvNamesFollowKeys) {
  EXPECT_EQ(env_name("grpc.address"), "ZT_GRPC_ADDRESS");
  EXPECT_EQ(env_name("postgres.password_file"), "ZT_POSTGRES_PASSWORD_FILE");
  EXPECT_EQ(env_name("state_dir"), "ZT_STATE_DIR");
  EXPECT_EQ(env_name("kms.master_key_file"), "ZT_KMS_MASTER_KEY_FILE");
}

TEST_F(ConfigTest, FlagsBeatEnvBeatFileBeatDefaults) {
  std::string file = write("c.yaml", "grpc:\n  address: file:1\n  drain_timeout_ms: 5\nmetrics:\n  address: file:2\n"
                                     "svc:\n  enabled: true\n");
  Env env{{"ZT_GRPC_ADDRESS", "env:1"}, {"ZT_METRICS_ADDRESS", "env:2"}, {"ZT_TEST_PG_URI", "ignored"}};
  Config c = load_with({"--config=" + file, "--grpc.address=flag:1"}, env);
  EXPECT_EQ(c.get_string("grpc.address"), "flag:1");
  EXPECT_EQ(c.source("grpc.address"), Source::kFlag);
  EXPECT_EQ(c.get_string("metrics.address"), "env:2");
  EXPECT_EQ(c.source("metrics.address"), Source::kEnvironment);
  EXPECT_EQ(c.get_int("grpc.drain_timeout_ms"), 5);
  EXPECT_TRUE(c.get_bool("svc.enabled"));
  EXPECT_EQ(c.get_string("log.level"), "info");
}

TEST_F(ConfigTest, ConfigFileFromEnvironment) {
  std::string file = write("c.yaml", "log: {level: debug}\n");
  Config c = load_with({}, {{"ZT_CONFIG", file}});
  EXPECT_EQ(c.get_string("log.level"), "debug");
}

TEST_F(ConfigTest, StackEnvironmentNamesWork) {
  std::string pw = write("pw", "s3cret\n");
  Config c = load_with({}, {{"ZT_POSTGRES_URI", "postgresql://zt@h:1/zt"},
                            {"ZT_POSTGRES_PASSWORD_FILE", pw},
                            {"ZT_STATE_DIR", "/tmp/x"}});
  EXPECT_EQ(c.get_string("postgres.uri"), "postgresql://zt@h:1/zt");
  EXPECT_EQ(c.read_secret("postgres.password_file").reveal_text(), "s3cret");
  EXPECT_EQ(c.get_string("state_dir"), "/tmp/x");
}

TEST_F(ConfigTest, SecretFilesAreReadIntoSecretMemory) {
  std::string key = write("key", "ab\r\n\n");
  EXPECT_EQ(read_secret_file(key, "test key").reveal_text(), "ab");
  EXPECT_EQ(read_secret_file(key, "test key", TrailingNewlines::kKeep).reveal_text(), "ab\r\n\n");
  EXPECT_TRUE(read_secret_file(write("empty", ""), "test key").empty());
  std::string big = write("big", std::string((1 << 20) + 1, 'x'));
  try {
    (void)read_secret_file(big, "test key");
    ADD_FAILURE() << "read a secret file larger than 1 MiB";
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("test key"));
    EXPECT_THAT(e.what(), HasSubstr("larger than"));
    EXPECT_THAT(e.what(), Not(HasSubstr("xxxx")));
  }
  EXPECT_THROW((void)read_secret_file("/nonexistent/zt/secret", "test key"), ConfigError);
}

TEST_F(ConfigTest, UnknownKeysAreErrorsNamingTheKey) {
  std::string file = write("c.yaml", "grpc:\n  adress: x\n");
  EXPECT_THAT(error_of({"--config=" + file}), HasSubstr("unknown key grpc.adress"));
  EXPECT_THAT(error_of({"--config=" + file}), HasSubstr(file));
  EXPECT_THAT(error_of({"--grpc.adress=x"}), HasSubstr("grpc.adress"));
  EXPECT_THAT(error_of({"positional"}), HasSubstr("positional"));
}

TEST_F(ConfigTest, NonScalarMappingKeysAreConfigErrors) {
  // Found by fuzz_config_yaml: a flow-sequence key used to escape as a
  // yaml-cpp conversion exception instead of a ConfigError.
  std::string top = write("k1.yaml", "{[a]: b}\n");
  EXPECT_THAT(error_of({"--config=" + top}), HasSubstr("not a plain name"));
  std::string nested = write("k2.yaml", "grpc:\n  {x: y}: 1\n");
  EXPECT_THAT(error_of({"--config=" + nested}), HasSubstr("grpc"));
}

TEST_F(ConfigTest, WrongTypesAreErrorsNamingTheKey) {
  EXPECT_THAT(error_of({"--grpc.drain_timeout_ms=soon"}), HasSubstr("grpc.drain_timeout_ms"));
  EXPECT_THAT(error_of({}, {{"ZT_SVC_ENABLED", "maybe"}}), HasSubstr("ZT_SVC_ENABLED"));
  std::string file = write("c.yaml", "svc:\n  ratio: [1, 2]\n");
  EXPECT_THAT(error_of({"--config=" + file}), HasSubstr("svc.ratio"));
  std::string file2 = write("c2.yaml", "grpc:\n  max_message_bytes: 12x\n");
  EXPECT_THAT(error_of({"--config=" + file2}), HasSubstr("grpc.max_message_bytes"));
}

TEST_F(ConfigTest, MissingSecretFileIsAnErrorNamingKeyAndFile) {
  std::string e = error_of({"--postgres.password_file=" + dir_ + "/nope"});
  EXPECT_THAT(e, HasSubstr("postgres.password_file"));
  EXPECT_THAT(e, HasSubstr(dir_ + "/nope"));
}

TEST_F(ConfigTest, MissingConfigFileIsAnErrorNamingTheFile) {
  EXPECT_THAT(error_of({"--config=" + dir_ + "/none.yaml"}), HasSubstr(dir_ + "/none.yaml"));
}

TEST_F(ConfigTest, ConfigFileThatIsADirectoryIsAnError) {
  // Found by fuzz_command_line: yaml-cpp's read of a directory threw
  // std::ios_base::failure, which escaped load() and aborted the tools.
  EXPECT_THAT(error_of({"--config", dir_}), HasSubstr("config file " + dir_ + ": cannot be read"));
}

TEST_F(ConfigTest, FlagsTakeTheirValueAfterASpaceToo) {
  Config c = load_with({"--grpc.address", "h:1", "--svc.enabled", "true"});
  EXPECT_EQ(c.get_string("grpc.address"), "h:1");
  EXPECT_TRUE(c.get_bool("svc.enabled"));
  EXPECT_THAT(error_of({"--grpc.address"}), HasSubstr("missing value for --grpc.address"));
}

TEST_F(ConfigTest, SchemaRejectsInlineSecretsAndBadDefaults) {
  Schema s;
  EXPECT_THROW(s.add({"db.password", Type::kString, "", "inline secret", true}), std::logic_error);
  EXPECT_THROW(s.add({"x.n", Type::kInt, "ten", "bad default"}), std::logic_error);
  s.add({"x.n", Type::kInt, "10", "ok"});
  EXPECT_THROW(s.add({"x.n", Type::kInt, "10", "duplicate"}), std::logic_error);
}

TEST_F(ConfigTest, HelpListsKeysAndEnvNames) {
  std::string h = help_text(schema_);
  EXPECT_THAT(h, HasSubstr("--grpc.address"));
  EXPECT_THAT(h, HasSubstr("ZT_POSTGRES_PASSWORD_FILE"));
}

}  // namespace
}  // namespace zt::config
