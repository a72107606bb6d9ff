// A Control Hub on a fresh PostgreSQL database (per test), HTTP on port 0,
// and small helpers to call it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "controlhub_app.h"
#include "zt/base/clock.h"
#include "zt/pg/pool.h"

namespace zt::controlhub::testing {

// Creates database zt_ch_<random> via ZT_TEST_PG_ADMIN_URI; drops it in the
// destructor. Fails the test (throws) when the env var is missing.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  const std::string& uri() const { return uri_; }

 private:
  std::string admin_uri_;
  std::string name_;
  std::string uri_;
};

std::string require_env(const char* name);

struct Reply {
  int status = 0;
  HeaderMap headers;
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

// One HTTP/1.1 request on a fresh connection.
Reply http(int port, const std::string& method, const std::string& target, const std::string& body = "",
           const HeaderMap& headers = {});

// One Control Hub replica on `db`.
class Replica {
 public:
  // `http`: the REST listener's TLS, timeouts and cap; `registry`: where the
  // app's metrics go (null: none).
  Replica(const std::string& db_uri, ManualClock& clock, const std::filesystem::path& dir,
          redis::Client* redis = nullptr, std::optional<redis::Options> subscribe = std::nullopt,
          const http::HttpServerOptions& http = {}, prometheus::Registry* registry = nullptr);
  ~Replica();

  ControlHubApp& app() { return *app_; }
  pg::Pool& pool() { return *pool_; }
  int port() const { return app_->http_port(); }

  Reply call(const std::string& method, const std::string& target, const std::string& token,
             const std::string& body = "", HeaderMap headers = {});
  std::string token(const std::string& client_id, const std::string& secret);

 private:
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<ControlHubApp> app_;
};

// A replica plus the bootstrap admin's org and token.
class ControlHubTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  std::string settings_path(const std::string& which) const { return "/v1/orgs/" + org_ + "/settings/" + which; }
  // Creates an admin of `org` with `role`; returns its token.
  std::string admin_token(const std::string& org, const std::string& role);
  // Creates a device in `org`; returns {deviceId, token}.
  std::pair<std::string, std::string> device(const std::string& org, const std::string& user_id = "");
  std::string create_org(const std::string& name);
  int audit_count(const std::string& org);

  ManualClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Replica> hub_;
  std::string org_;
  std::string root_token_;  // bootstrap admin: full_admin + deployment_admin
};

}  // namespace zt::controlhub::testing
