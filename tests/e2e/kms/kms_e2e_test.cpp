// zt-kms as a process next to a real zt-controlhub: it migrates, reports
// SERVING for the process and for "kms", verifies the bearer tokens Control
// Hub issued against Control Hub's published JWKS (HTTP), creates, binds
// and serves keys wrapped under the master key file it was given, never
// logs key material, exports its metrics, and exits 0 on SIGTERM; a
// rotation cut by kill -9 resumes after a restart. A
// database holding the placeholder schema of earlier builds is upgraded.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <future>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "zt/base/bytes.h"
#include "zt/crypto/x509_certificate.h"
#include "zt/kms/sealed_session.h"
#include "zt/kms/v1/kms.grpc.pb.h"
#include "zt/testing/env.h"
#include "zt/testing/http.h"
#include "zt/testing/postgres.h"
#include "zt/testing/process.h"
#include "zt/testing/service_client.h"

namespace zt::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
namespace v1 = zt::kms::v1;

std::map<std::string, std::string> base_env(const TempDatabase& db, const std::string& state_dir) {
  return {{"ZT_POSTGRES_URI", db.uri()},
          {"ZT_REDIS_HOST", require_env("ZT_TEST_REDIS_HOST")},
          {"ZT_REDIS_PORT", require_env("ZT_TEST_REDIS_PORT")},
          {"ZT_GRPC_ADDRESS", "127.0.0.1:0"},
          {"ZT_METRICS_ADDRESS", "127.0.0.1:0"},
          {"ZT_STATE_DIR", state_dir}};
}

std::string base64(const std::string& raw) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i + 2 < raw.size(); i += 3) {
    uint32_t v = (uint8_t(raw[i]) << 16) | (uint8_t(raw[i + 1]) << 8) | uint8_t(raw[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  return out;  // the whole groups are enough to find a leak
}

std::unique_ptr<grpc::ClientContext> as(const std::string& token) {
  auto c = std::make_unique<grpc::ClientContext>();
  c->AddMetadata("authorization", "Bearer " + token);
  c->set_deadline(std::chrono::system_clock::now() + 30s);
  return c;
}

// A sealed session with the zt-kms whose state_dir is `state_dir`: with no
// certificate configured the KMS is its own CA, and the client pins that
// root (the last certificate of <state_dir>/kms-certificate.pem).
std::unique_ptr<kms::SealedSession> sealed_session(v1::Kms::Stub& stub, const std::string& token,
                                                   const std::string& state_dir,
                                                   const std::string& domain) {
  std::ifstream in(state_dir + "/kms-certificate.pem");
  std::stringstream pem;
  pem << in.rdbuf();
  kms::KmsTrust trust{{crypto::split_pem_certificates(pem.str()).back()}, domain};
  std::unique_ptr<kms::SealedSession> session;
  grpc::Status s = kms::SealedSession::open(stub, token, trust, &session);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return session;
}

TEST(KmsE2eTest, ServesKeysToControlHubPrincipalsAndNeverLogsThem) {
  TempDatabase db;
  const std::string dir = make_temp_dir("zt-kms-e2e");
  auto ch_env = base_env(db, dir + "/ch");
  ch_env["ZT_CONTROLHUB_HTTP_ADDRESS"] = "127.0.0.1:0";
  Process hub(bin_path("zt-controlhub"), {}, ch_env);
  ASSERT_TRUE(hub.wait_for_output("\"http_port\"", 30s)) << hub.stderr_text();
  const int hub_port = hub.logged_int("http_port").value_or(0);

  const std::string key_file = dir + "/kms-master.key";
  {
    std::ofstream(key_file) << "1:" << std::string(64, 'c') << "\n";
    std::filesystem::permissions(
        key_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
  auto env = base_env(db, dir + "/kms");
  env["ZT_KMS_MASTER_KEY_FILE"] = key_file;
  env["ZT_KMS_CONTROLHUB_JWKS_URL"] =
      "http://127.0.0.1:" + std::to_string(hub_port) + "/v1/.well-known/jwks.json";
  env["ZT_KMS_DOMAIN"] = "kms.e2e.test";
  Process kms(bin_path("zt-kms"), {}, env);
  ASSERT_TRUE(kms.wait_for_output("\"serving\"", 30s)) << kms.stderr_text();
  const int port = kms.logged_int("grpc_port").value_or(0);
  const int metrics_port = kms.logged_int("metrics_port").value_or(0);
  EXPECT_EQ(health_status(port, ""), "SERVING\n");
  EXPECT_EQ(health_status(port, "kms"), "SERVING\n");

  // A device of the bootstrap org, with a token from Control Hub.
  std::ifstream in(dir + "/ch/bootstrap-admin.json");
  auto boot = nlohmann::json::parse(in);
  const std::string org = boot["orgId"].get<std::string>();
  const std::string admin = controlhub_token(hub_port, boot["clientId"].get<std::string>(),
                                       boot["clientSecret"].get<std::string>());
  nlohmann::json req{{"kind", "desktop"}, {"e2eeCapable", true}, {"displayName", "laptop"}};
  auto dev = nlohmann::json::parse(
      http_request("127.0.0.1", hub_port, "POST", "/v1/orgs/" + org + "/devices", req.dump(),
                   {"Authorization: Bearer " + admin, "Content-Type: application/json"}));
  const std::string device = controlhub_token(hub_port, dev["clientId"].get<std::string>(),
                                        dev["clientSecret"].get<std::string>());

  auto stub = v1::Kms::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  v1::CreateKeysRequest create;
  create.set_count(2);
  v1::CreateKeysResponse keys;
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub->CreateKeys(&anonymous, create, &keys).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  auto session = sealed_session(*stub, device, dir + "/kms", "kms.e2e.test");
  ASSERT_TRUE(session);
  ASSERT_TRUE(session->call("CreateKeys", create, &keys).ok());
  ASSERT_EQ(keys.keys_size(), 2);
  EXPECT_THAT(keys.keys(0).uri(), ::testing::StartsWith("kms://kms.e2e.test/keys/"));
  v1::CreateResourceRequest resource;
  resource.add_key_uris(keys.keys(0).uri());
  resource.set_mode(v1::RESOURCE_MODE_STANDARD);
  v1::Resource created;
  ASSERT_TRUE(stub->CreateResource(as(device).get(), resource, &created).ok());
  v1::RetrieveKeysRequest retrieve;
  retrieve.add_key_uris(keys.keys(0).uri());
  retrieve.add_key_uris(keys.keys(1).uri());
  v1::RetrieveKeysResponse got;
  ASSERT_TRUE(session->call("RetrieveKeys", retrieve, &got).ok());
  EXPECT_EQ(got.keys(0).key_material(), keys.keys(0).key_material());
  EXPECT_EQ(got.keys(1).key_material(), keys.keys(1).key_material());

  std::string metrics = http_get("127.0.0.1", metrics_port, "/metrics");
  EXPECT_THAT(metrics, HasSubstr("zt_kms_audit_chain_length 2"));
  EXPECT_THAT(metrics, HasSubstr("zt_kms_keys_served_total{result=\"served\",role=\"user\"} 2"));

  // Issue 12: once Control Hub deletes the device, its token stops working
  // here too (the revocation crosses Redis), long before the token expires.
  http_request("127.0.0.1", hub_port, "DELETE",
               "/v1/orgs/" + org + "/devices/" + dev["id"].get<std::string>(), "",
               {"Authorization: Bearer " + admin});
  grpc::Status revoked;
  for (int i = 0; i < 100; ++i) {
    v1::CreateKeysResponse more;
    revoked = session->call("CreateKeys", create, &more);
    if (!revoked.ok()) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(revoked.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(revoked.error_message(), HasSubstr("deleted or disabled"));

  kms.signal(SIGTERM);
  EXPECT_EQ(kms.wait(30s), std::optional<int>(0)) << kms.stderr_text();
  const std::string logs = kms.stderr_text() + kms.stdout_text();
  for (const auto& k : keys.keys()) {
    const std::string& m = k.key_material();
    EXPECT_EQ(logs.find(to_hex(Bytes(m.begin(), m.end()))), std::string::npos)
        << "key material (hex) in the log";
    EXPECT_EQ(logs.find(base64(m)), std::string::npos) << "key material (base64) in the log";
  }
  EXPECT_EQ(logs.find(std::string(64, 'c')), std::string::npos) << "master key in the log";
  // Only wrapped material is stored.
  pqxx::connection c(db.uri());
  pqxx::work tx(c);
  for (const auto& row : tx.exec("SELECT wrapped FROM kms_content_keys")) {
    pqxx::binarystring w(row[0]);
    std::string stored(w.str());
    for (const auto& k : keys.keys()) EXPECT_EQ(stored.find(k.key_material()), std::string::npos);
  }
  std::filesystem::remove_all(dir);
}

// kill -9 in the middle of a rotation, restart: the rotation resumes where
// the rows say it stopped, and every key still reads with its material.
TEST(KmsE2eTest, RotationKilledHalfwayResumesAfterARestart) {
  TempDatabase db;
  const std::string dir = make_temp_dir("zt-kms-rotate");
  auto ch_env = base_env(db, dir + "/ch");
  ch_env["ZT_CONTROLHUB_HTTP_ADDRESS"] = "127.0.0.1:0";
  Process hub(bin_path("zt-controlhub"), {}, ch_env);
  ASSERT_TRUE(hub.wait_for_output("\"http_port\"", 30s)) << hub.stderr_text();
  const int hub_port = hub.logged_int("http_port").value_or(0);
  std::ifstream in(dir + "/ch/bootstrap-admin.json");
  auto boot = nlohmann::json::parse(in);
  const std::string admin =  // full_admin and deployment_admin
      controlhub_token(hub_port, boot["clientId"].get<std::string>(),
                 boot["clientSecret"].get<std::string>());

  const std::string key_file = dir + "/kms-master.key";
  auto env = base_env(db, dir + "/kms");
  env["ZT_KMS_MASTER_KEY_FILE"] = key_file;
  env["ZT_KMS_CONTROLHUB_JWKS_URL"] =
      "http://127.0.0.1:" + std::to_string(hub_port) + "/v1/.well-known/jwks.json";
  env["ZT_KMS_KEY_CACHE_TTL_MS"] = "0";
  auto start = [&](const std::string& keys) {
    std::ofstream(key_file, std::ios::trunc) << keys;
    auto p = std::make_unique<Process>(bin_path("zt-kms"), std::vector<std::string>{}, env);
    EXPECT_TRUE(p->wait_for_output("\"serving\"", 30s)) << p->stderr_text();
    return p;
  };
  const std::string v1_line = "1:" + std::string(64, 'd') + "\n";
  const std::string v2_line = "2:" + std::string(64, 'e') + "\n";
  auto kms = start(v1_line);
  auto stub_of = [](const Process& p) {
    return v1::Kms::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(p.logged_int("grpc_port").value_or(0)),
                            grpc::InsecureChannelCredentials()));
  };
  auto stub = stub_of(*kms);
  std::vector<v1::Key> keys;
  v1::CreateKeysRequest create;
  create.set_count(100);
  auto session = sealed_session(*stub, admin, dir + "/kms", "kms.local");
  ASSERT_TRUE(session);
  for (int i = 0; i < 30; ++i) {
    v1::CreateKeysResponse out;
    ASSERT_TRUE(session->call("CreateKeys", create, &out).ok());
    keys.insert(keys.end(), out.keys().begin(), out.keys().end());
  }
  kms->signal(SIGTERM);
  kms->wait(30s);

  kms = start(v1_line + v2_line);
  stub = stub_of(*kms);
  v1::RotateMasterKeyRequest rotate;
  rotate.set_batch_size(10);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + admin);
  v1::RotateMasterKeyResponse progress;
  std::promise<grpc::Status> done;
  stub->async()->RotateMasterKey(&ctx, &rotate, &progress,
                                 [&](grpc::Status s) { done.set_value(s); });
  pqxx::connection c(db.uri());
  auto rewrapped = [&] {
    pqxx::work tx(c);
    return tx.exec1("SELECT count(*) FROM kms_content_keys WHERE master_version = 2")[0].as<int>();
  };
  for (int i = 0; i < 2000 && rewrapped() < 100; ++i) std::this_thread::sleep_for(1ms);
  kms->signal(SIGKILL);
  EXPECT_NE(done.get_future().get().error_code(), grpc::StatusCode::OK);
  const int halfway = rewrapped();
  EXPECT_GE(halfway, 100);
  EXPECT_LT(halfway, 3000) << "the rotation finished before the kill";

  kms = start(v1_line + v2_line);
  stub = stub_of(*kms);
  v1::RotateMasterKeyResponse rest;
  ASSERT_TRUE(stub->RotateMasterKey(as(admin).get(), rotate, &rest).ok());
  EXPECT_EQ(rest.rewrapped(), 3000 - halfway);
  EXPECT_EQ(rest.remaining(), 0);
  kms->signal(SIGTERM);
  kms->wait(30s);

  kms = start(v2_line);  // version 1 retired
  stub = stub_of(*kms);
  session = sealed_session(*stub, admin, dir + "/kms", "kms.local");  // a new process: a new session
  ASSERT_TRUE(session);
  for (size_t i = 0; i < keys.size(); i += 100) {
    v1::RetrieveKeysRequest retrieve;
    for (size_t j = i; j < i + 100; ++j) retrieve.add_key_uris(keys[j].uri());
    v1::RetrieveKeysResponse got;
    ASSERT_TRUE(session->call("RetrieveKeys", retrieve, &got).ok());
    for (int j = 0; j < got.keys_size(); ++j)
      EXPECT_EQ(got.keys(j).key_material(), keys[i + j].key_material());
  }
  v1::VerifyAuditResponse audit;
  ASSERT_TRUE(stub->VerifyAudit(as(admin).get(), {}, &audit).ok());
  EXPECT_TRUE(audit.ok()) << audit.reason();
  std::filesystem::remove_all(dir);
}

TEST(KmsE2eTest, ADatabaseWithThePlaceholderSchemaIsUpgraded) {
  TempDatabase db;
  {
    pqxx::connection c(db.uri());
    pqxx::work tx(c);
    tx.exec0(
        "CREATE TABLE schema_migrations (scope text NOT NULL, version integer NOT NULL, name text "
        "NOT NULL, "
        "applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))");
    tx.exec0("INSERT INTO schema_migrations (scope, version, name) VALUES ('kms', 1, '0001_init')");
    tx.exec0("CREATE TABLE kms_master_keys (version integer PRIMARY KEY)");
    tx.exec0("CREATE TABLE kms_content_keys (key_id uuid PRIMARY KEY, resource text NOT NULL)");
    tx.exec0("CREATE TABLE kms_authorizations (resource text, principal text)");
    tx.exec0("CREATE TABLE kms_audit_log (seq bigserial PRIMARY KEY)");
    tx.commit();
  }
  const std::string dir = make_temp_dir("zt-kms-legacy");
  Process kms(bin_path("zt-kms"), {}, base_env(db, dir));
  ASSERT_TRUE(kms.wait_for_output("\"serving\"", 30s)) << kms.stderr_text();
  EXPECT_THAT(kms.stderr_text(), HasSubstr("replaced the placeholder kms schema"));
  EXPECT_EQ(health_status(kms.logged_int("grpc_port").value_or(0), "kms"), "SERVING\n");
  {
    pqxx::connection c(db.uri());
    pqxx::work tx(c);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM pg_tables WHERE tablename IN ('kms_audit_log', "
                       "'kms_master_keys')")[0]
                  .as<int>(),
              0);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                       "'kms_content_keys' "
                       "AND column_name = 'wrapped'")[0]
                  .as<int>(),
              1);
  }
  // The state_dir key file was created mode 600 (no key file configured).
  auto perms = std::filesystem::status(dir + "/master.key").permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  kms.signal(SIGTERM);
  EXPECT_EQ(kms.wait(30s), std::optional<int>(0)) << kms.stderr_text();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zt::testing
