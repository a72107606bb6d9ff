#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "zt/pg/migrations.h"
#include "zt/pg/pool.h"
#include "zt/testing/env.h"

namespace zt::pg {
namespace {

using ::testing::HasSubstr;

TEST(MigrationFilesTest, LoadsSortedByVersion) {
  std::string dir = zt::testing::make_temp_dir("zt-mig");
  std::ofstream(dir + "/0002_more.sql") << "SELECT 2;";
  std::ofstream(dir + "/0001_init.sql") << "SELECT 1;";
  std::ofstream(dir + "/README") << "not a migration";
  auto m = load_migrations(dir);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].version, 1);
  EXPECT_EQ(m[0].name, "0001_init");
  EXPECT_EQ(m[0].sql, "SELECT 1;");
  EXPECT_EQ(m[1].version, 2);
  std::filesystem::remove_all(dir);
}

TEST(MigrationFilesTest, BadNamesAndDuplicatesNameTheFile) {
  std::string dir = zt::testing::make_temp_dir("zt-mig");
  std::ofstream(dir + "/1_x.sql") << "";
  try {
    (void)load_migrations(dir);
    ADD_FAILURE() << "no error";
  } catch (const MigrationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("1_x.sql"));
  }
  std::filesystem::remove(dir + "/1_x.sql");
  std::ofstream(dir + "/99999999999_huge.sql") << "";
  try {
    (void)load_migrations(dir);
    ADD_FAILURE() << "no error";
  } catch (const MigrationError& e) {
    EXPECT_THAT(e.what(), HasSubstr("too large"));
    EXPECT_THAT(e.what(), HasSubstr("99999999999_huge.sql"));
  }
  std::filesystem::remove(dir + "/99999999999_huge.sql");
  std::ofstream(dir + "/0001_a.sql") << "";
  std::ofstream(dir + "/0001_b.sql") << "";
  EXPECT_THROW((void)load_migrations(dir), MigrationError);
  std::filesystem::remove_all(dir);
}

TEST(ConnectionStringTest, PasswordIsPercentEncodedParameter) {
  auto text = [](const std::string& uri, std::string_view password) {
    return std::string(connection_string(uri, crypto::SecretBytes(as_bytes(password))).reveal_text());
  };
  EXPECT_EQ(text("postgresql://zt@h:1/db", ""), "postgresql://zt@h:1/db");
  EXPECT_EQ(text("postgresql://zt@h:1/db", "a b&c"), "postgresql://zt@h:1/db?password=a%20b%26c");
  EXPECT_EQ(text("postgresql://zt@h:1/db?sslmode=disable", "p"),
            "postgresql://zt@h:1/db?sslmode=disable&password=p");
}

}  // namespace
}  // namespace zt::pg
