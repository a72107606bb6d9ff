#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "zt/log/log.h"

namespace zt::log {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(LogTest, LineIsOneJsonObjectWithServiceAndFields) {
  init("svc", "info");
  auto j = nlohmann::json::parse(format_line(Level::kWarn, "hello", {field("n", 3), field("who", "bob")}));
  EXPECT_EQ(j["level"], "warn");
  EXPECT_EQ(j["service"], "svc");
  EXPECT_EQ(j["msg"], "hello");
  EXPECT_EQ(j["n"], 3);
  EXPECT_EQ(j["who"], "bob");
  EXPECT_TRUE(j.contains("ts"));
}

TEST(LogTest, SecretFieldPrintsPlaceholder) {
  std::string line = format_line(Level::kInfo, "login", {secret("password", "hunter2-value")});
  EXPECT_THAT(line, Not(HasSubstr("hunter2-value")));
  EXPECT_EQ(nlohmann::json::parse(line)["password"], kRedacted);
  std::string line2 = format_line(Level::kInfo, "x", {secret("anything", "opaque-value")});
  EXPECT_EQ(nlohmann::json::parse(line2)["anything"], kRedacted);
}

TEST(LogTest, KnownSecretKeysAreRedactedEvenAsPlainFields) {
  std::string line = format_line(Level::kInfo, "call",
                                 {field("Authorization", "Bearer abc.def"), field("refresh_token", "tok-1"),
                                  field("client_secret", "cs-1"), field("master_key", "mk-1"),
                                  field("user", "alice")});
  for (const char* leaked : {"abc.def", "tok-1", "cs-1", "mk-1"}) EXPECT_THAT(line, Not(HasSubstr(leaked)));
  EXPECT_THAT(line, HasSubstr("alice"));
  EXPECT_TRUE(is_secret_key("PGPASSWORD"));
  EXPECT_FALSE(is_secret_key("resource"));
}

TEST(LogTest, WriteGoesThroughTheSinkAndCarriesTheRequestId) {
  std::ostringstream out;
  set_output_for_testing(&out);
  init("svc", "info");
  {
    RequestIdScope rid("req-42");
    info("inside", {secret("token", "t-secret")});
  }
  info("outside");
  debug("filtered out");
  set_output_for_testing(nullptr);
  std::istringstream lines(out.str());
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, third));
  EXPECT_EQ(nlohmann::json::parse(first)["request_id"], "req-42");
  EXPECT_EQ(nlohmann::json::parse(first)["token"], kRedacted);
  EXPECT_THAT(out.str(), Not(HasSubstr("t-secret")));
  EXPECT_FALSE(nlohmann::json::parse(second).contains("request_id"));
}

TEST(LogTest, BadLevelIsRejected) { EXPECT_THROW(init("svc", "loud"), std::invalid_argument); }

TEST(LogTest, RequestIdsAreFreshHex) {
  std::string a = new_request_id(), b = new_request_id();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace zt::log
