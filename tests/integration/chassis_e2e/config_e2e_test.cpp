// A service binary refuses bad configuration: non-zero exit and a message
// naming the key or the file.
#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "zt/testing/env.h"
#include "zt/testing/process.h"

namespace zt::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

struct Outcome {
  int code;
  std::string stderr_text;
};

Outcome run_kms(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
  Process p(bin_path("zt-kms"), args, env);
  auto code = p.wait(20s);
  EXPECT_TRUE(code.has_value()) << "zt-kms kept running: " << p.stderr_text();
  return {code.value_or(-1), p.stderr_text()};
}

TEST(ConfigE2eTest, UnknownFlagIsNamed) {
  Outcome o = run_kms({"--kms.master_key_fil=/x"});
  EXPECT_NE(o.code, 0);
  EXPECT_THAT(o.stderr_text, HasSubstr("kms.master_key_fil"));
}

TEST(ConfigE2eTest, UnknownKeyInYamlIsNamedWithTheFile) {
  std::string dir = make_temp_dir("zt-cfg");
  std::ofstream(dir + "/kms.yaml") << "grpc:\n  address: 127.0.0.1:0\nkms:\n  hsm_slot: 3\n";
  Outcome o = run_kms({"--config=" + dir + "/kms.yaml"});
  EXPECT_NE(o.code, 0);
  EXPECT_THAT(o.stderr_text, HasSubstr("kms.hsm_slot"));
  EXPECT_THAT(o.stderr_text, HasSubstr(dir + "/kms.yaml"));
  std::filesystem::remove_all(dir);
}

TEST(ConfigE2eTest, WrongTypeIsNamed) {
  Outcome o = run_kms({}, {{"ZT_GRPC_MAX_MESSAGE_BYTES", "lots"}});
  EXPECT_NE(o.code, 0);
  EXPECT_THAT(o.stderr_text, HasSubstr("grpc.max_message_bytes"));
  Outcome o2 = run_kms({"--kms.hds_mode=perhaps"});
  EXPECT_NE(o2.code, 0);
  EXPECT_THAT(o2.stderr_text, HasSubstr("kms.hds_mode"));
}

TEST(ConfigE2eTest, MissingSecretFileIsNamed) {
  Outcome o = run_kms({}, {{"ZT_POSTGRES_PASSWORD_FILE", "/nonexistent/zt/pg-password"}});
  EXPECT_NE(o.code, 0);
  EXPECT_THAT(o.stderr_text, HasSubstr("postgres.password_file"));
  EXPECT_THAT(o.stderr_text, HasSubstr("/nonexistent/zt/pg-password"));
  Outcome o2 = run_kms({"--kms.master_key_file=/nonexistent/zt/kek"});
  EXPECT_NE(o2.code, 0);
  EXPECT_THAT(o2.stderr_text, HasSubstr("/nonexistent/zt/kek"));
}

TEST(ConfigE2eTest, HelpListsKeysAndExitsZero) {
  Process p(bin_path("zt-kms"), {"--help"});
  ASSERT_EQ(p.wait(20s), std::optional<int>(0));
  EXPECT_THAT(p.stdout_text(), HasSubstr("ZT_KMS_MASTER_KEY_FILE"));
}

}  // namespace
}  // namespace zt::testing
