// zt-delivery as a process next to a real zt-controlhub: it migrates,
// reports SERVING for the process and for "delivery", verifies device
// tokens Control Hub issued against Control Hub's published JWKS (HTTP),
// serves KeyPackages, groups and the group log, ends an open Subscribe
// stream with UNAVAILABLE on SIGTERM and exits 0.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "delivery_e2e_support.h"
#include "delivery_key_package.h"
#include "zt/delivery/v1/delivery.grpc.pb.h"
#include "zt/mls/group.h"
#include "zt/mls/key_package_bundle.h"
#include "zt/mls/key_package_validation.h"
#include "zt/testing/env.h"
#include "zt/testing/http.h"
#include "zt/testing/postgres.h"
#include "zt/testing/process.h"
#include "zt/testing/service_client.h"

namespace zt::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
namespace v1 = zt::delivery::v1;

constexpr uint16_t kSuite = 1;

class DeliveryE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("zt-ds-e2e");
    auto ch_env = service_env(db_);
    ch_env["ZT_CONTROLHUB_HTTP_ADDRESS"] = "127.0.0.1:0";
    ch_env["ZT_STATE_DIR"] = dir_ + "/ch";
    hub_ = std::make_unique<Process>(bin_path("zt-controlhub"), std::vector<std::string>{}, ch_env);
    ASSERT_TRUE(hub_->wait_for_output("\"http_port\"", 30s)) << hub_->stderr_text();
    hub_port_ = hub_->logged_int("http_port").value_or(0);

    auto ds_env = service_env(db_);
    ds_env["ZT_STATE_DIR"] = dir_ + "/ds";
    ds_env["ZT_DELIVERY_CONTROLHUB_JWKS_URL"] =
        "http://127.0.0.1:" + std::to_string(hub_port_) + "/v1/.well-known/jwks.json";
    ds_ = std::make_unique<Process>(bin_path("zt-delivery"), std::vector<std::string>{}, ds_env);
    ASSERT_TRUE(ds_->wait_for_output("\"serving\"", 30s)) << ds_->stderr_text();
    ds_port_ = ds_->logged_int("grpc_port").value_or(0);
    stub_ = v1::Delivery::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(ds_port_),
                                                      grpc::InsecureChannelCredentials()));
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  HubDevice register_device() {
    std::ifstream in(dir_ + "/ch/bootstrap-admin.json");
    auto boot = nlohmann::json::parse(in);
    std::string admin = controlhub_token(hub_port_, boot["clientId"].get<std::string>(),
                                         boot["clientSecret"].get<std::string>());
    return register_hub_device(hub_port_, boot["orgId"].get<std::string>(), admin, "desktop");
  }

  std::unique_ptr<grpc::ClientContext> ctx(const std::string& token) {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + token);
    c->set_deadline(std::chrono::system_clock::now() + 30s);
    return c;
  }

  TempDatabase db_;
  std::string dir_;
  std::unique_ptr<Process> hub_;
  std::unique_ptr<Process> ds_;
  int hub_port_ = 0;
  int ds_port_ = 0;
  std::unique_ptr<v1::Delivery::Stub> stub_;
};

mls::KeyPackageBundle key_package(const HubDevice& d, bool last_resort) {
  return delivery::testing::device_key_package(delivery::testing::device_credential(d.org, d.id),
                                               kSuite, last_resort);
}

std::string str(const Bytes& b) { return std::string(b.begin(), b.end()); }

TEST_F(DeliveryE2eTest, ServesItsApiWithControlHubTokensAndDrainsStreams) {
  EXPECT_EQ(health_status(ds_port_, ""), "SERVING\n");
  EXPECT_EQ(health_status(ds_port_, "delivery"), "SERVING\n");

  HubDevice d = register_device();
  {
    // No token, then a token Control Hub did not sign.
    grpc::ClientContext none;
    v1::CountKeyPackagesResponse out;
    EXPECT_EQ(stub_->CountKeyPackages(&none, {}, &out).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }

  // KeyPackages: a batch with the last-resort one, then two claims.
  v1::UploadKeyPackagesRequest up;
  up.set_cipher_suite(kSuite);
  up.add_key_packages(str(mls::encode(key_package(d, false).key_package)));
  up.add_key_packages(str(mls::encode(key_package(d, true).key_package)));
  v1::UploadKeyPackagesResponse uploaded;
  grpc::Status st = stub_->UploadKeyPackages(ctx(d.token).get(), up, &uploaded);
  ASSERT_TRUE(st.ok()) << st.error_message() << "\n" << ds_->stderr_text();
  EXPECT_EQ(uploaded.available(), 1u);
  v1::ClaimKeyPackageRequest claim;
  claim.set_device_id(d.id);
  claim.set_cipher_suite(kSuite);
  v1::ClaimKeyPackageResponse first, second;
  ASSERT_TRUE(stub_->ClaimKeyPackage(ctx(d.token).get(), claim, &first).ok());
  ASSERT_TRUE(stub_->ClaimKeyPackage(ctx(d.token).get(), claim, &second).ok());
  EXPECT_FALSE(first.last_resort());
  EXPECT_TRUE(second.last_resort());

  // A group, a subscriber, an application message.
  auto me = key_package(d, false);
  mls::Group group = mls::Group::create(Bytes{'e', '2', 'e'}, me);
  v1::CreateGroupRequest create;
  create.set_group_id("e2e");
  create.set_cipher_suite(kSuite);
  create.set_type(v1::MEETING_TYPE_E2EE);
  create.set_kind(v1::GROUP_KIND_SCHEDULED_MEETING);
  create.set_group_info(str(mls::encode(group.group_info())));
  v1::Group created;
  ASSERT_TRUE(stub_->CreateGroup(ctx(d.token).get(), create, &created).ok());
  EXPECT_GE(created.meeting_number(), 1'000'000'000u);

  auto sub_ctx = ctx(d.token);
  sub_ctx->set_deadline(std::chrono::system_clock::now() + 120s);
  v1::SubscribeRequest sub;
  sub.set_group_id("e2e");
  auto reader = stub_->Subscribe(sub_ctx.get(), sub);
  v1::SendApplicationMessageRequest app;
  app.set_group_id("e2e");
  app.set_message(str(mls::encode(group.protect(Bytes{'h', 'i'}))));
  v1::SendMessageResponse sent;
  ASSERT_TRUE(stub_->SendApplicationMessage(ctx(d.token).get(), app, &sent).ok());
  v1::GroupMessage got;
  ASSERT_TRUE(reader->Read(&got));
  EXPECT_EQ(got.sequence(), sent.sequence());
  EXPECT_EQ(got.message(), app.message());

  // A commit bundle is checked by the public view and ordered; a resend is idempotent.
  mls::CommitResult committed = group.commit();
  group.merge_pending_commit();
  v1::SendCommitRequest commit;
  commit.set_group_id("e2e");
  commit.set_commit(str(mls::encode(committed.commit)));
  commit.set_group_info(str(mls::encode(group.group_info())));
  v1::SendCommitResponse won, again;
  st = stub_->SendCommit(ctx(d.token).get(), commit, &won);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(won.epoch(), 1u);
  ASSERT_TRUE(stub_->SendCommit(ctx(d.token).get(), commit, &again).ok());
  EXPECT_TRUE(again.duplicate());
  ASSERT_TRUE(reader->Read(&got));
  EXPECT_EQ(got.kind(), v1::MESSAGE_KIND_COMMIT);
  EXPECT_EQ(got.sequence(), won.sequence());
  std::string metrics =
      http_get("127.0.0.1", ds_->logged_int("metrics_port").value_or(0), "/metrics");
  EXPECT_THAT(metrics,
              HasSubstr("zt_delivery_commits_total{reason=\"none\",result=\"accepted\"} 1"));
  EXPECT_THAT(metrics, HasSubstr("zt_delivery_open_streams 1"));

  // SIGTERM: the open stream ends with UNAVAILABLE, the process exits 0.
  ds_->signal(SIGTERM);
  EXPECT_FALSE(reader->Read(&got));
  grpc::Status end = reader->Finish();
  EXPECT_EQ(end.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(end.error_message(), HasSubstr("subscribe again"));
  EXPECT_EQ(ds_->wait(30s), std::optional<int>(0)) << ds_->stderr_text();
  EXPECT_EQ(ds_->stderr_text().find(d.token), std::string::npos) << "token leaked into the log";
}

// Issue 12: a device Control Hub deletes loses the Delivery Service at once,
// not when its token expires (Control Hub's revocation reaches the DS through
// Redis).
TEST_F(DeliveryE2eTest, TokenOfADeviceDeletedInControlHubIsRefusedAtOnce) {
  HubDevice d = register_device();
  v1::CountKeyPackagesRequest count;
  count.set_cipher_suite(kSuite);
  v1::CountKeyPackagesResponse out;
  ASSERT_TRUE(stub_->CountKeyPackages(ctx(d.token).get(), count, &out).ok());

  std::ifstream in(dir_ + "/ch/bootstrap-admin.json");
  auto boot = nlohmann::json::parse(in);
  std::string admin = controlhub_token(hub_port_, boot["clientId"].get<std::string>(),
                                 boot["clientSecret"].get<std::string>());
  http_request("127.0.0.1", hub_port_, "DELETE", "/v1/orgs/" + d.org + "/devices/" + d.id, "",
               {"Authorization: Bearer " + admin});

  grpc::Status st;
  for (int i = 0; i < 100; ++i) {  // the announcement crosses Redis
    st = stub_->CountKeyPackages(ctx(d.token).get(), count, &out);
    if (!st.ok()) break;
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(st.error_message(), HasSubstr("deleted or disabled"));
}

// A database migrated by the placeholder zt-delivery (its first 0001_init,
// never written to) gets the real schema.
TEST(DeliveryPlaceholderE2eTest, ADatabaseWithThePlaceholderSchemaIsUpgraded) {
  TempDatabase db;
  {
    pqxx::connection c(db.uri());
    pqxx::work tx(c);
    tx.exec0(
        "CREATE TABLE schema_migrations (scope text NOT NULL, version integer NOT NULL, name text "
        "NOT NULL, "
        "applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))");
    tx.exec0(
        "INSERT INTO schema_migrations (scope, version, name) VALUES ('delivery', 1, '0001_init')");
    tx.exec0("CREATE TABLE ds_key_packages (ref bytea PRIMARY KEY, consumed_at timestamptz)");
    tx.exec0("CREATE TABLE ds_groups (group_id bytea PRIMARY KEY, meeting_id text NOT NULL)");
    tx.exec0(
        "CREATE TABLE ds_group_log (group_id bytea REFERENCES ds_groups (group_id), seq bigint)");
    tx.commit();
  }
  const std::string dir = make_temp_dir("zt-ds-legacy");
  auto env = service_env(db);
  env["ZT_STATE_DIR"] = dir;
  Process ds(bin_path("zt-delivery"), {}, env);
  ASSERT_TRUE(ds.wait_for_output("\"serving\"", 30s)) << ds.stderr_text();
  EXPECT_THAT(ds.stderr_text(), HasSubstr("replaced the placeholder delivery schema"));
  {
    pqxx::connection c(db.uri());
    pqxx::work tx(c);
    EXPECT_EQ(
        tx.exec1("SELECT count(*) FROM pg_tables WHERE tablename = 'ds_group_log'")[0].as<int>(),
        0);
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                       "'ds_key_packages' "
                       "AND column_name = 'last_resort'")[0]
                  .as<int>(),
              1);
  }
  ds.signal(SIGTERM);
  EXPECT_EQ(ds.wait(30s), std::optional<int>(0)) << ds.stderr_text();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zt::testing
