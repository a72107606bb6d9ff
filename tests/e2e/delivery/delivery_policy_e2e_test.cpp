// The meeting policy of zero-trust E2EE and media grants with the real
// processes (issue 14 points 7 and 8): zt-controlhub, zt-delivery with its
// Control Hub service principal (device kinds from GetDevice, org policy
// from WatchOrgPolicy) and its grant JWKS on HTTP, and zt-sfu fetching
// that JWKS with no key file.
// - A web browser and a legacy SX/DX/MX device cannot create an e2ee
//   meeting or be added to one, an app that is not E2EE-capable neither;
//   each refusal names the kind or the capability (FAILED_PRECONDITION).
// - The org's Calling E2EE setting changed in Control Hub applies to the
//   running DS: an e2ee call is refused, then accepted, then refused again.
// - The SFU admits a device with a DS-issued grant and refuses a forged,
//   an expired and another meeting's grant.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "delivery_e2e_support.h"
#include "delivery_key_package.h"
#include "grant_keys.h"
#include "zt/auth/base64url.h"
#include "zt/auth/media_grant.h"
#include "zt/delivery/v1/delivery.grpc.pb.h"
#include "zt/mls/group.h"
#include "zt/sfu/v1/sfu.grpc.pb.h"
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
const std::string kSigningSeedHex(64, 'c');

std::string str(const Bytes& b) { return std::string(b.begin(), b.end()); }

class PolicyE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("zt-ds-policy-e2e");
    // Fixed ports, so a restarted Control Hub is where the DS looks.
    hub_http_ = free_port();
    hub_grpc_ = free_port();
    start_hub();
    std::ifstream in(dir_ + "/ch/bootstrap-admin.json");
    auto boot = nlohmann::json::parse(in);
    org_ = boot["orgId"].get<std::string>();
    admin_ = controlhub_token(hub_http_, boot["clientId"].get<std::string>(),
                              boot["clientSecret"].get<std::string>());

    // The DS's service principal, its credentials in a mode-600 file.
    auto svc = rest("POST", "/v1/orgs/" + org_ + "/servicePrincipals",
                    nlohmann::json{{"displayName", "zt-delivery"}});
    {
      std::ofstream out(dir_ + "/ds-credentials.json");
      out << nlohmann::json{{"clientId", svc["clientId"]}, {"clientSecret", svc["clientSecret"]}}
                 .dump();
      std::ofstream(dir_ + "/ds-signing.key") << kSigningSeedHex;
    }
    std::filesystem::permissions(dir_ + "/ds-credentials.json", std::filesystem::perms::owner_read |
                                                                    std::filesystem::perms::owner_write);
    auto ds_env = service_env(db_);
    ds_env["ZT_STATE_DIR"] = dir_ + "/ds";
    const std::string hub_http = "http://127.0.0.1:" + std::to_string(hub_http_);
    ds_env["ZT_DELIVERY_CONTROLHUB_JWKS_URL"] = hub_http + "/v1/.well-known/jwks.json";
    ds_env["ZT_DELIVERY_CONTROLHUB_TOKEN_URL"] = hub_http + "/v1/oauth/token";
    ds_env["ZT_DELIVERY_CONTROLHUB_ADDRESS"] = "127.0.0.1:" + std::to_string(hub_grpc_);
    ds_env["ZT_DELIVERY_CONTROLHUB_CREDENTIALS_FILE"] = dir_ + "/ds-credentials.json";
    ds_env["ZT_DELIVERY_SIGNING_KEY_FILE"] = dir_ + "/ds-signing.key";
    ds_env["ZT_DELIVERY_HTTP_ADDRESS"] = "127.0.0.1:0";
    ds_ = std::make_unique<Process>(bin_path("zt-delivery"), std::vector<std::string>{}, ds_env);
    ASSERT_TRUE(ds_->wait_for_output("\"serving\"", 30s)) << ds_->stderr_text();
    ds_http_ = ds_->logged_int("http_port").value_or(0);
    ASSERT_NE(ds_http_, 0) << ds_->stderr_text();
    stub_ = v1::Delivery::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(ds_->logged_int("grpc_port").value_or(0)),
                            grpc::InsecureChannelCredentials()));
  }

  void TearDown() override { std::filesystem::remove_all(dir_); }

  void start_hub() {
    auto ch_env = service_env(db_);
    ch_env["ZT_GRPC_ADDRESS"] = "127.0.0.1:" + std::to_string(hub_grpc_);
    ch_env["ZT_CONTROLHUB_HTTP_ADDRESS"] = "127.0.0.1:" + std::to_string(hub_http_);
    ch_env["ZT_STATE_DIR"] = dir_ + "/ch";
    hub_.reset();
    hub_ = std::make_unique<Process>(bin_path("zt-controlhub"), std::vector<std::string>{}, ch_env);
    ASSERT_TRUE(hub_->wait_for_output("\"serving\"", 30s)) << hub_->stderr_text();
  }

  // Creates e2ee calls until one is accepted (true) or `tries` were refused.
  bool e2ee_call_accepted(const HubDevice& host, int& n, int tries) {
    for (int i = 0; i < tries; ++i, ++n) {
      grpc::Status st = create(host, "call-" + std::to_string(n), v1::MEETING_TYPE_E2EE,
                               v1::GROUP_KIND_CALL);
      if (st.ok()) return true;
      EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  nlohmann::json rest(const std::string& method, const std::string& path, const nlohmann::json& body,
                      const std::vector<std::string>& extra = {}) {
    std::vector<std::string> headers{"Authorization: Bearer " + admin_,
                                     "Content-Type: application/json"};
    headers.insert(headers.end(), extra.begin(), extra.end());
    return nlohmann::json::parse(http_request("127.0.0.1", hub_http_, method, path, body.dump(), headers));
  }

  HubDevice register_device(const std::string& kind, bool e2ee_capable = true) {
    return register_hub_device(hub_http_, org_, admin_, kind, e2ee_capable);
  }

  mls::KeyPackageBundle key_package(const HubDevice& d) {
    return delivery::testing::device_key_package(delivery::testing::device_credential(org_, d.id),
                                                 kSuite);
  }

  std::unique_ptr<grpc::ClientContext> ctx(const std::string& token) {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + token);
    c->set_deadline(std::chrono::system_clock::now() + 30s);
    return c;
  }

  // CreateGroup as `host`; `group` is the host's MLS group.
  grpc::Status create(const HubDevice& host, const std::string& id, v1::MeetingType type,
                      v1::GroupKind kind, std::optional<mls::Group>* group = nullptr) {
    mls::Group g = mls::Group::create(Bytes(id.begin(), id.end()), key_package(host));
    v1::CreateGroupRequest req;
    req.set_group_id(id);
    req.set_cipher_suite(kSuite);
    req.set_type(type);
    req.set_kind(kind);
    req.set_group_info(str(mls::encode(g.group_info())));
    v1::Group out;
    grpc::Status st = stub_->CreateGroup(ctx(host.token).get(), req, &out);
    if (group) group->emplace(std::move(g));
    return st;
  }

  // The host commits an Add of `joiner`; the group moves on only if the DS accepts it.
  grpc::Status add(const HubDevice& host, const std::string& id, mls::Group& group,
                   const HubDevice& joiner) {
    mls::Group next = mls::Group::restore(group.serialize(Bytes(32, 3)), Bytes(32, 3));
    mls::CommitOptions options;
    options.proposals.push_back(mls::Proposal{mls::Add{key_package(joiner).key_package}});
    mls::CommitResult r = next.commit(options);
    next.merge_pending_commit();
    v1::SendCommitRequest req;
    req.set_group_id(id);
    req.set_commit(str(mls::encode(r.commit)));
    req.set_group_info(str(mls::encode(next.group_info())));
    if (r.welcome) req.set_welcome(str(mls::encode(*r.welcome)));
    v1::SendCommitResponse out;
    grpc::Status st = stub_->SendCommit(ctx(host.token).get(), req, &out);
    if (st.ok()) group = std::move(next);
    return st;
  }

  void set_calling_e2ee(bool on) {
    rest("PUT", "/v1/orgs/" + org_ + "/settings/calling", {{"e2eeEnabled", on}}, {"If-Match: *"});
  }

  double ds_metric(const std::string& needle) {
    std::string text =
        http_get("127.0.0.1", ds_->logged_int("metrics_port").value_or(0), "/metrics");
    double total = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind(needle, 0) == 0) total += std::stod(line.substr(line.rfind(' ') + 1));
    }
    return total;
  }

  TempDatabase db_;
  std::string dir_;
  std::unique_ptr<Process> hub_;
  std::unique_ptr<Process> ds_;
  int hub_http_ = 0;
  int hub_grpc_ = 0;
  int ds_http_ = 0;
  std::string org_;
  std::string admin_;
  std::unique_ptr<v1::Delivery::Stub> stub_;
};

TEST_F(PolicyE2eTest, AWebBrowserALegacyDeviceAndANonE2eeAppCannotJoinAnE2eeMeeting) {
  HubDevice browser = register_device("web_browser");
  HubDevice legacy = register_device("legacy_sx_dx_mx");
  HubDevice old_app = register_device("desktop", /*e2ee_capable=*/false);
  HubDevice laptop = register_device("desktop");

  // Creating one (the host joins it first).
  grpc::Status st = create(browser, "b-e2ee", v1::MEETING_TYPE_E2EE, v1::GROUP_KIND_SCHEDULED_MEETING);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("web_browser devices cannot join e2ee meetings"));
  st = create(legacy, "l-e2ee", v1::MEETING_TYPE_E2EE, v1::GROUP_KIND_SCHEDULED_MEETING);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("legacy_sx_dx_mx devices cannot join e2ee meetings"));
  st = create(old_app, "o-e2ee", v1::MEETING_TYPE_E2EE, v1::GROUP_KIND_SCHEDULED_MEETING);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("not E2EE-capable"));
  // A standard meeting takes them.
  EXPECT_TRUE(create(browser, "b-std", v1::MEETING_TYPE_STANDARD, v1::GROUP_KIND_SCHEDULED_MEETING).ok());

  // Being added by a commit: refused, nothing stored, the group stays at epoch 0.
  std::optional<mls::Group> group;
  ASSERT_TRUE(create(laptop, "e2ee", v1::MEETING_TYPE_E2EE, v1::GROUP_KIND_SCHEDULED_MEETING, &group).ok());
  st = add(laptop, "e2ee", *group, browser);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("is a web_browser device"));
  st = add(laptop, "e2ee", *group, legacy);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("is a legacy_sx_dx_mx device"));
  st = add(laptop, "e2ee", *group, old_app);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("not E2EE-capable"));
  EXPECT_EQ(group->epoch(), 0u);
  // Asking to join (batched joins) or reading the GroupInfo for an external join.
  for (const HubDevice* d : {&browser, &legacy}) {
    v1::RequestJoinRequest join;
    join.set_group_id("e2ee");
    join.set_key_package(str(mls::encode(key_package(*d).key_package)));
    v1::RequestJoinResponse joined;
    st = stub_->RequestJoin(ctx(d->token).get(), join, &joined);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
    EXPECT_THAT(st.error_message(), HasSubstr("devices cannot join e2ee meetings"));
    v1::GetGroupInfoRequest info;
    info.set_group_id("e2ee");
    v1::GroupInfoResponse got;
    EXPECT_EQ(stub_->GetGroupInfo(ctx(d->token).get(), info, &got).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
  // A desktop with an E2EE app joins.
  ASSERT_TRUE(add(laptop, "e2ee", *group, register_device("mobile")).ok());
  EXPECT_EQ(group->epoch(), 1u);

  EXPECT_EQ(ds_metric("zt_delivery_policy_refusals_total{reason=\"device_kind_web_browser\"}"), 4);
  EXPECT_EQ(ds_metric("zt_delivery_policy_refusals_total{reason=\"device_kind_legacy_sx_dx_mx\"}"), 4);
  EXPECT_EQ(ds_metric("zt_delivery_policy_refusals_total{reason=\"app_not_e2ee_capable\"}"), 2);
}

TEST_F(PolicyE2eTest, AChangeOfTheOrgPolicyInControlHubAppliesToTheRunningDs) {
  HubDevice host = register_device("desktop");
  // Calling E2EE is off by default: no e2ee call.
  grpc::Status st = create(host, "call-0", v1::MEETING_TYPE_E2EE, v1::GROUP_KIND_CALL);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("Calling E2EE"));

  // On in Control Hub: the DS follows without a restart (WatchOrgPolicy).
  set_calling_e2ee(true);
  int n = 1;
  for (; n < 100; ++n) {
    st = create(host, "call-" + std::to_string(n), v1::MEETING_TYPE_E2EE, v1::GROUP_KIND_CALL);
    if (st.ok()) break;
    ASSERT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_TRUE(st.ok()) << "the DS never saw Calling E2EE on: " << st.error_message();

  // And off again.
  set_calling_e2ee(false);
  for (++n; n < 200; ++n) {
    st = create(host, "call-" + std::to_string(n), v1::MEETING_TYPE_E2EE, v1::GROUP_KIND_CALL);
    if (!st.ok()) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_GE(ds_metric("zt_delivery_org_policy_updates_total{source=\"watch\"}"), 2);
}

TEST_F(PolicyE2eTest, TheWatchReconnectsAfterControlHubRestartsAndAppliesALaterChange) {
  HubDevice host = register_device("desktop");
  int n = 0;
  EXPECT_FALSE(e2ee_call_accepted(host, n, 1));  // off; the DS now watches the org
  hub_->signal(SIGKILL);
  hub_->wait(10s);
  start_hub();  // same ports, database and state
  set_calling_e2ee(true);
  EXPECT_TRUE(e2ee_call_accepted(host, n, 300)) << "the DS never reconnected to Control Hub";
  EXPECT_GE(ds_metric("zt_delivery_org_policy_updates_total{source=\"watch\"}"), 2);
}

TEST_F(PolicyE2eTest, TheSfuAdmitsADsGrantAndRefusesForgedExpiredAndOtherMeetingGrants) {
  const std::string state = dir_ + "/sfu";
  Process sfu(bin_path("zt-sfu"),
              {"--grpc.address=127.0.0.1:0", "--metrics.address=127.0.0.1:0",
               "--sfu.udp_address=127.0.0.1:0", "--sfu.workers=1", "--sfu.redis_registry=false",
               "--sfu.grant_jwks_url=http://127.0.0.1:" + std::to_string(ds_http_) +
                   "/v1/.well-known/jwks.json",
               "--state_dir=" + state});
  ASSERT_TRUE(sfu.wait_for_output("\"serving\"", 20s)) << sfu.stderr_text();
  auto sfu_stub = sfu::v1::Sfu::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(sfu.logged_int("grpc_port").value_or(0)),
      grpc::InsecureChannelCredentials()));
  auto join = [&](const std::string& meeting, const std::string& grant) {
    sfu::v1::JoinRequest req;
    req.set_meeting_id(meeting);
    req.set_media_grant(grant);
    sfu::v1::JoinResponse out;
    grpc::ClientContext c;
    c.set_deadline(std::chrono::system_clock::now() + 10s);
    return sfu_stub->Join(&c, req, &out);
  };

  HubDevice host = register_device("desktop");
  ASSERT_TRUE(create(host, "m-1", v1::MEETING_TYPE_E2EE, v1::GROUP_KIND_SCHEDULED_MEETING).ok());
  ASSERT_TRUE(create(host, "m-2", v1::MEETING_TYPE_E2EE, v1::GROUP_KIND_SCHEDULED_MEETING).ok());
  v1::RequestMediaGrantRequest req;
  req.set_group_id("m-1");
  v1::MediaGrant grant;
  grpc::Status st = stub_->RequestMediaGrant(ctx(host.token).get(), req, &grant);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(grant.meeting_id(), auth::base64url_encode(as_bytes("m-1")));

  st = join(grant.meeting_id(), grant.token());
  EXPECT_TRUE(st.ok()) << st.error_message() << "\n" << sfu.stderr_text();

  // Forged: the same claims and kid, another key.
  auto jws = grant.token();
  std::string kid = nlohmann::json::parse(
      str(*auth::base64url_decode(jws.substr(0, jws.find('.')))))["kid"].get<std::string>();
  auth::MediaGrantClaims claims{grant.meeting_id(), host.id, 0,
                                std::chrono::system_clock::now() + 5min};
  std::string forged = auth::JwsSigner::generate(kid).sign(auth::media_grant_to_json(claims));
  st = join(grant.meeting_id(), forged);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // Expired: signed with the DS's own grant key (derived from its signing
  // secret, as every replica derives it), an hour ago.
  delivery::GrantKeyRing ring(crypto::SecretBytes(as_bytes(kSigningSeedHex)),
                              SystemClock::instance());
  claims.expires_at = std::chrono::time_point_cast<std::chrono::seconds>(
      std::chrono::system_clock::now() - 1h);
  std::string expired = ring.sign(auth::media_grant_to_json(claims)).token;
  claims.expires_at = std::chrono::system_clock::now() + 5min;
  ASSERT_TRUE(join(grant.meeting_id(), ring.sign(auth::media_grant_to_json(claims)).token).ok())
      << "the test derives the DS's key";
  st = join(grant.meeting_id(), expired);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(st.error_message(), HasSubstr("expired"));

  // Another meeting's grant.
  st = join(auth::base64url_encode(as_bytes("m-2")), grant.token());
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(st.error_message(), HasSubstr("another meeting"));
  EXPECT_EQ(ds_metric("zt_delivery_media_grants_issued_total"), 1);
}

}  // namespace
}  // namespace zt::testing
