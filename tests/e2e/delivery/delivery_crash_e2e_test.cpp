// Issue 14 acceptance: kill -9 of zt-delivery during a commit storm (one
// member committing epoch after epoch while others send application
// messages from several connections), then a restart on the same
// database: every message the DS acknowledged is in the log with its bytes
// at its sequence, the group's epoch is at least every acknowledged
// commit's, and a subscriber that resumes from the last sequence it had
// gets the rest with no gap and no duplicate.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "delivery_key_package.h"
#include "zt/delivery/v1/delivery.grpc.pb.h"
#include "zt/mls/group.h"
#include "zt/testing/env.h"
#include "zt/testing/http.h"
#include "zt/testing/postgres.h"
#include "zt/testing/process.h"
#include "zt/testing/service_client.h"

namespace zt::testing {
namespace {

using namespace std::chrono_literals;
namespace v1 = zt::delivery::v1;

constexpr uint16_t kSuite = 1;
constexpr int kSenders = 4;
constexpr int kPerSender = 150;

std::string str(const Bytes& b) { return std::string(b.begin(), b.end()); }

class DeliveryCrashE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("zt-ds-crash");
    auto ch_env = env();
    ch_env["ZT_CONTROLHUB_HTTP_ADDRESS"] = "127.0.0.1:0";
    ch_env["ZT_STATE_DIR"] = dir_ + "/ch";
    hub_ = std::make_unique<Process>(bin_path("zt-controlhub"), std::vector<std::string>{}, ch_env);
    ASSERT_TRUE(hub_->wait_for_output("\"http_port\"", 30s)) << hub_->stderr_text();
    hub_port_ = hub_->logged_int("http_port").value_or(0);
    start_ds();
  }
  void TearDown() override {
    if (ds_) ds_->signal(SIGKILL);
    std::filesystem::remove_all(dir_);
  }
  std::map<std::string, std::string> env() const {
    return {{"ZT_POSTGRES_URI", db_.uri()},
            {"ZT_REDIS_HOST", require_env("ZT_TEST_REDIS_HOST")},
            {"ZT_REDIS_PORT", require_env("ZT_TEST_REDIS_PORT")},
            {"ZT_GRPC_ADDRESS", "127.0.0.1:0"},
            {"ZT_METRICS_ADDRESS", "127.0.0.1:0"}};
  }
  void start_ds() {
    auto ds_env = env();
    ds_env["ZT_STATE_DIR"] = dir_ + "/ds";
    ds_env["ZT_DELIVERY_HTTP_ADDRESS"] = "127.0.0.1:0";
    ds_env["ZT_DELIVERY_CONTROLHUB_JWKS_URL"] =
        "http://127.0.0.1:" + std::to_string(hub_port_) + "/v1/.well-known/jwks.json";
    ds_ = std::make_unique<Process>(bin_path("zt-delivery"), std::vector<std::string>{}, ds_env);
    ASSERT_TRUE(ds_->wait_for_output("\"serving\"", 30s)) << ds_->stderr_text();
    stub_ = v1::Delivery::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(ds_->logged_int("grpc_port").value_or(0)),
                            grpc::InsecureChannelCredentials()));
  }
  void register_device() {
    std::ifstream in(dir_ + "/ch/bootstrap-admin.json");
    auto boot = nlohmann::json::parse(in);
    org_ = boot["orgId"].get<std::string>();
    std::string admin = controlhub_token(hub_port_, boot["clientId"].get<std::string>(),
                                         boot["clientSecret"].get<std::string>());
    nlohmann::json req{{"kind", "desktop"}, {"e2eeCapable", true}, {"displayName", "laptop"}};
    auto dev = nlohmann::json::parse(
        http_request("127.0.0.1", hub_port_, "POST", "/v1/orgs/" + org_ + "/devices", req.dump(),
                     {"Authorization: Bearer " + admin, "Content-Type: application/json"}));
    device_ = dev["id"].get<std::string>();
    token_ = controlhub_token(hub_port_, dev["clientId"].get<std::string>(),
                              dev["clientSecret"].get<std::string>());
  }
  std::unique_ptr<grpc::ClientContext> ctx(std::chrono::seconds deadline = 10s) const {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + token_);
    c->set_deadline(std::chrono::system_clock::now() + deadline);
    return c;
  }
  // Reads the group's stream from `from` until `until` (inclusive) or the stream ends.
  std::vector<v1::GroupMessage> read_from(uint64_t from, uint64_t until) {
    auto c = ctx(60s);
    v1::SubscribeRequest sub;
    sub.set_group_id("storm");
    sub.set_from_sequence(from);
    auto reader = stub_->Subscribe(c.get(), sub);
    std::vector<v1::GroupMessage> got;
    v1::GroupMessage m;
    while (got.empty() || got.back().sequence() < until) {
      if (!reader->Read(&m)) break;
      got.push_back(m);
    }
    c->TryCancel();
    return got;
  }

  TempDatabase db_;
  std::string dir_;
  std::unique_ptr<Process> hub_, ds_;
  int hub_port_ = 0;
  std::unique_ptr<v1::Delivery::Stub> stub_;
  std::string org_, device_, token_;
};

TEST_F(DeliveryCrashE2eTest, AKillDuringACommitStormLosesNothingAcknowledged) {
  register_device();
  auto me = delivery::testing::device_key_package(
      delivery::testing::device_credential(org_, device_), kSuite);
  mls::Group group = mls::Group::create(Bytes{'s', 't', 'o', 'r', 'm'}, me);
  v1::CreateGroupRequest create;
  create.set_group_id("storm");
  create.set_cipher_suite(kSuite);
  create.set_type(v1::MEETING_TYPE_E2EE);
  create.set_kind(v1::GROUP_KIND_SCHEDULED_MEETING);
  create.set_group_info(str(mls::encode(group.group_info())));
  v1::Group created;
  grpc::Status st = stub_->CreateGroup(ctx().get(), create, &created);
  ASSERT_TRUE(st.ok()) << st.error_message();

  // A subscriber that has everything up to some sequence when the DS dies.
  std::atomic<uint64_t> subscriber_last{0};
  auto sub_ctx = ctx(120s);
  std::thread subscriber([&] {
    v1::SubscribeRequest sub;
    sub.set_group_id("storm");
    auto reader = stub_->Subscribe(sub_ctx.get(), sub);
    v1::GroupMessage m;
    uint64_t expect = 1;
    while (reader->Read(&m)) {
      EXPECT_EQ(m.sequence(), expect++);
      subscriber_last = m.sequence();
    }
  });

  std::vector<std::string> messages;  // protected before the storm (one sender state)
  for (int i = 0; i < kSenders * kPerSender; ++i)
  {
    std::string text = std::to_string(i);
    messages.push_back(str(mls::encode(group.protect(Bytes(text.begin(), text.end())))));
  }
  std::mutex mu;
  std::map<uint64_t, std::string> acked;  // sequence -> message bytes
  uint64_t acked_epoch = 0;
  std::atomic<bool> dead{false};
  std::vector<std::thread> senders;
  for (int s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      auto stub = v1::Delivery::NewStub(grpc::CreateChannel(
          "127.0.0.1:" + std::to_string(ds_->logged_int("grpc_port").value_or(0)),
          grpc::InsecureChannelCredentials()));
      for (int i = 0; i < kPerSender && !dead; ++i) {
        v1::SendApplicationMessageRequest req;
        req.set_group_id("storm");
        req.set_message(messages[static_cast<size_t>(s * kPerSender + i)]);
        v1::SendMessageResponse out;
        if (!stub->SendApplicationMessage(ctx().get(), req, &out).ok()) break;
        std::lock_guard lock(mu);
        acked[out.sequence()] = req.message();
      }
    });
  }
  std::thread committer([&] {
    while (!dead) {
      mls::CommitResult r = group.commit();
      mls::Group next = std::move(group);
      next.merge_pending_commit();
      v1::SendCommitRequest req;
      req.set_group_id("storm");
      req.set_commit(str(mls::encode(r.commit)));
      req.set_group_info(str(mls::encode(next.group_info())));
      v1::SendCommitResponse out;
      grpc::Status cst = stub_->SendCommit(ctx().get(), req, &out);
      group = std::move(next);
      if (!cst.ok()) break;
      std::lock_guard lock(mu);
      acked[out.sequence()] = req.commit();
      acked_epoch = out.epoch();
    }
  });
  // kill -9 once a good part of the storm is acknowledged.
  for (int i = 0; i < 600; ++i) {
    {
      std::lock_guard lock(mu);
      if (acked.size() >= static_cast<size_t>(kSenders * kPerSender / 3)) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  ds_->signal(SIGKILL);
  ds_->wait(10s);
  dead = true;
  for (auto& t : senders) t.join();
  committer.join();
  subscriber.join();
  ASSERT_GT(acked.size(), 0u);
  ASSERT_GT(acked_epoch, 0u) << "no commit was acknowledged before the kill";

  start_ds();
  // Everything acknowledged is there, at its sequence, with its bytes.
  const uint64_t last_acked = acked.rbegin()->first;
  std::vector<v1::GroupMessage> all = read_from(0, last_acked);
  ASSERT_GE(all.size(), last_acked);
  for (uint64_t i = 0; i < all.size(); ++i) ASSERT_EQ(all[i].sequence(), i + 1);
  for (const auto& [seq, bytes] : acked) EXPECT_EQ(all[seq - 1].message(), bytes) << seq;
  v1::GetGroupRequest get;
  get.set_group_id("storm");
  v1::Group after;
  ASSERT_TRUE(stub_->GetGroup(ctx().get(), get, &after).ok());
  EXPECT_GE(after.epoch(), acked_epoch);

  // The subscriber resumes from what it had: no gap, no duplicate.
  const uint64_t resume = subscriber_last.load();
  std::vector<v1::GroupMessage> rest = read_from(resume, after.last_sequence());
  ASSERT_EQ(rest.size(), after.last_sequence() - resume);
  for (uint64_t i = 0; i < rest.size(); ++i) EXPECT_EQ(rest[i].sequence(), resume + 1 + i);
}

}  // namespace
}  // namespace zt::testing
