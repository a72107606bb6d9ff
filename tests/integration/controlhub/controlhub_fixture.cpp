#include <gtest/gtest.h>

#include "controlhub_fixture.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fstream>
#include <random>

#include "zt/pg/migrations.h"

namespace zt::controlhub::testing {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

std::string require_env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') {
    throw std::runtime_error(std::string(name) + " is not set: run `bash deploy/local/stack.sh data-up` and "
                             "`source .run/env.sh` (make test does this)");
  }
  return v;
}

TestDatabase::TestDatabase() : admin_uri_(require_env("ZT_TEST_PG_ADMIN_URI")) {
  std::random_device rd;
  name_ = "zt_ch_" + std::to_string(rd()) + std::to_string(rd());
  pqxx::connection c(admin_uri_);
  pqxx::nontransaction tx(c);
  tx.exec("CREATE DATABASE " + name_);
  std::string base = require_env("ZT_TEST_PG_URI");
  uri_ = base.substr(0, base.rfind('/') + 1) + name_;
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection c(admin_uri_);
    pqxx::nontransaction tx(c);
    tx.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
}

Reply http(int port, const std::string& method, const std::string& target, const std::string& body,
           const HeaderMap& headers) {
  boost::asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
  bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(method), target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(socket, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(socket, buffer, res);
  Reply out;
  out.status = static_cast<int>(res.result_int());
  for (const auto& f : res) out.headers[std::string(f.name_string())] = std::string(f.value());
  out.body = res.body();
  beast::error_code ec;
  socket.shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

Replica::Replica(const std::string& db_uri, ManualClock& clock, const std::filesystem::path& dir,
                 redis::Client* redis, std::optional<redis::Options> subscribe, const http::HttpServerOptions& http,
                 prometheus::Registry* registry) {
  pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.uri = db_uri, .size = 4});
  pool_->run([](pqxx::connection& c) { pg::migrate(c, "controlhub", controlhub_migrations()); });
  ControlHubOptions opts;
  opts.http_address = "127.0.0.1:0";
  opts.master_secret = crypto::SecretBytes(as_bytes("test master secret, at least 16 bytes"));
  opts.bootstrap_file = (dir / "bootstrap-admin.json").string();
  opts.policy_resync = std::chrono::milliseconds(500);
  opts.http = http;
  app_ = std::make_unique<ControlHubApp>(*pool_, redis, std::move(subscribe), clock, crypto::SystemRandom::instance(),
                                         opts, registry);
  app_->start();
}

Replica::~Replica() {
  app_.reset();
  pool_.reset();
}

Reply Replica::call(const std::string& method, const std::string& target, const std::string& token,
                    const std::string& body, HeaderMap headers) {
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  if (!body.empty() && !headers.count("Content-Type")) headers["Content-Type"] = "application/json";
  return http(port(), method, target, body, headers);
}

std::string Replica::token(const std::string& client_id, const std::string& secret) {
  Reply r = http(port(), "POST", "/v1/oauth/token",
                 "grant_type=client_credentials&client_id=" + client_id + "&client_secret=" + secret,
                 {{"Content-Type", "application/x-www-form-urlencoded"}});
  if (r.status != 200) throw std::runtime_error("token request failed: " + r.body);
  return r.json()["access_token"].get<std::string>();
}

void ControlHubTest::SetUp() {
  dir_ = std::filesystem::temp_directory_path() / ("zt_ch_test_" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir_);
  db_ = std::make_unique<TestDatabase>();
  hub_ = std::make_unique<Replica>(db_->uri(), clock_, dir_);
  std::ifstream in(dir_ / "bootstrap-admin.json");
  nlohmann::json boot = nlohmann::json::parse(in);
  org_ = boot["orgId"].get<std::string>();
  root_token_ = hub_->token(boot["clientId"], boot["clientSecret"]);
}

void ControlHubTest::TearDown() {
  hub_.reset();
  db_.reset();
  std::filesystem::remove_all(dir_);
}

std::string ControlHubTest::admin_token(const std::string& org, const std::string& role) {
  Reply r = hub_->call("POST", "/v1/orgs/" + org + "/admins", root_token_,
                       nlohmann::json{{"role", role}, {"displayName", role}}.dump());
  if (r.status != 201) throw std::runtime_error("admin creation failed: " + r.body);
  return hub_->token(r.json()["clientId"], r.json()["clientSecret"]);
}

std::pair<std::string, std::string> ControlHubTest::device(const std::string& org, const std::string& user_id) {
  nlohmann::json body{{"kind", "desktop"}, {"e2eeCapable", true}, {"displayName", "laptop"}};
  if (!user_id.empty()) body["userId"] = user_id;
  Reply r = hub_->call("POST", "/v1/orgs/" + org + "/devices", root_token_, body.dump());
  if (r.status != 201) throw std::runtime_error("device creation failed: " + r.body);
  return {r.json()["id"], hub_->token(r.json()["clientId"], r.json()["clientSecret"])};
}

std::string ControlHubTest::create_org(const std::string& name) {
  Reply r = hub_->call("POST", "/v1/orgs", root_token_, nlohmann::json{{"name", name}}.dump());
  if (r.status != 201) throw std::runtime_error("org creation failed: " + r.body);
  return r.json()["id"];
}

int ControlHubTest::audit_count(const std::string& org) {
  return hub_->pool().run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return tx.exec_params("SELECT count(*) FROM audit_events WHERE org_id = $1", org)[0][0].as<int>();
  });
}

}  // namespace zt::controlhub::testing
