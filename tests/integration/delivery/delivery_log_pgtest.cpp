// The group log (issue 14 points 4 and 5) on real PostgreSQL, one replica:
// application messages get consecutive sequence numbers, Subscribe delivers
// history then live messages in order, a reconnect resumes with no gap and
// no duplicate, a slow reader over its budget still gets everything, a
// drain ends streams with UNAVAILABLE; commits: exactly one wins an epoch,
// losers get ABORTED with the current epoch, a resend is idempotent.
#include <gmock/gmock.h>

#include <thread>

#include "delivery_fixture.h"
#include "delivery_stream_helpers.h"

namespace zt::delivery::testing {
namespace {

using ::testing::HasSubstr;

class GroupLogTest : public DeliveryTest {
 protected:
  void SetUp() override {
    DeliveryTest::SetUp();
    host_ = device();
    group_.emplace(create_group(host_, "log"));
  }
  uint64_t send(const std::string& text, v1::Delivery::Stub* stub = nullptr) {
    v1::SendApplicationMessageRequest req;
    req.set_group_id("log");
    req.set_message(to_string(mls::encode(group_->protect(to_bytes(text)))));
    v1::SendMessageResponse out;
    auto ctx = context_for(host_.token);
    grpc::Status st = (stub ? stub : stub_.get())->SendApplicationMessage(ctx.get(), req, &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return out.sequence();
  }
  static void expect_in_order(const std::vector<v1::GroupMessage>& got, uint64_t first,
                              uint64_t last) {
    ASSERT_EQ(got.size(), last - first + 1);
    for (uint64_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].sequence(), first + i);
  }

  Device host_;
  std::optional<mls::Group> group_;
};

TEST_F(GroupLogTest, MessagesGetConsecutiveSequencesAndStreamInOrder) {
  EXPECT_EQ(send("a"), 1u);
  EXPECT_EQ(send("b"), 2u);
  Subscription sub(*stub_, host_.token, "log", 0);
  expect_in_order(sub.wait_for(2), 1, 2);
  for (int i = 0; i < 20; ++i) send("live " + std::to_string(i));
  auto got = sub.wait_for(22);
  expect_in_order(got, 1, 22);
  EXPECT_EQ(got[0].kind(), v1::MESSAGE_KIND_APPLICATION);
  EXPECT_EQ(got[0].sender_device_id(), host_.id);
  EXPECT_EQ(got[0].epoch(), 0u);
}

TEST_F(GroupLogTest, AReconnectResumesWithNoGapAndNoDuplicate) {
  for (int i = 0; i < 5; ++i) send("m");
  uint64_t last = 0;
  {
    Subscription sub(*stub_, host_.token, "log", 0);
    auto got = sub.wait_for(3);
    last = got.back().sequence();
  }
  for (int i = 0; i < 5; ++i) send("m");
  Subscription again(*stub_, host_.token, "log", last);
  expect_in_order(again.wait_for(10 - last), last + 1, 10);
}

TEST_F(GroupLogTest, ConcurrentSendersAndSeveralStreamsSeeOneOrder) {
  Subscription a(*stub_, host_.token, "log", 0);
  Subscription b(*stub_, host_.token, "log", 0);
  std::vector<std::thread> senders;
  std::mutex group_mu;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&] {
      auto stub = ds_->stub();
      for (int i = 0; i < 25; ++i) {
        v1::SendApplicationMessageRequest req;
        req.set_group_id("log");
        {
          std::lock_guard lock(group_mu);
          req.set_message(to_string(mls::encode(group_->protect(to_bytes("x")))));
        }
        v1::SendMessageResponse out;
        auto ctx = context_for(host_.token);
        EXPECT_TRUE(stub->SendApplicationMessage(ctx.get(), req, &out).ok());
      }
    });
  }
  for (auto& s : senders) s.join();
  auto got_a = a.wait_for(100);
  auto got_b = b.wait_for(100);
  expect_in_order(got_a, 1, 100);
  expect_in_order(got_b, 1, 100);
  for (size_t i = 0; i < got_a.size() && i < got_b.size(); ++i)
    EXPECT_EQ(got_a[i].message(), got_b[i].message());
}

TEST_F(GroupLogTest, ASlowReaderOverItsBudgetStillGetsEverythingInOrder) {
  ds_.reset();
  DeliveryOptions opts;
  opts.stream_budget_bytes = 2048;  // a few messages
  ds_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_, nullptr, std::nullopt,
                                  std::move(opts));
  stub_ = ds_->stub();
  Subscription sub(*stub_, host_.token, "log", 0);
  for (int i = 0; i < 200; ++i) send(std::string(300, 'p'));
  expect_in_order(sub.wait_for(200), 1, 200);
}

TEST_F(GroupLogTest, StreamRefusals) {
  Device other = device();
  Subscription stranger(*stub_, other.token, "log", 0);
  EXPECT_EQ(stranger.finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Subscription nowhere(*stub_, host_.token, "no-such-group", 0);
  EXPECT_EQ(nowhere.finish().error_code(), grpc::StatusCode::NOT_FOUND);
  Subscription future(*stub_, host_.token, "log", 7);
  grpc::Status st = future.finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("beyond the group's last sequence 0"));
}

TEST_F(GroupLogTest, SendRefusalsStoreNothing) {
  auto try_send = [&](const std::string& token, const std::string& group,
                      const std::string& message) {
    v1::SendApplicationMessageRequest req;
    req.set_group_id(group);
    req.set_message(message);
    v1::SendMessageResponse out;
    auto ctx = context_for(token);
    return stub_->SendApplicationMessage(ctx.get(), req, &out);
  };
  std::string good = to_string(mls::encode(group_->protect(to_bytes("x"))));
  EXPECT_EQ(try_send(host_.token, "log", "garbage").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(try_send(host_.token, "other", good).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(try_send(device().token, "log", good).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  std::string handshake = to_string(mls::encode(group_->commit().commit));
  group_->discard_pending_commit();
  EXPECT_THAT(try_send(host_.token, "log", handshake).error_message(), HasSubstr("PrivateMessage"));
  EXPECT_EQ(ds_->app().store().read_log(to_bytes("log"), 0, 10).size(), 0u);
}

TEST_F(GroupLogTest, ADrainEndsOpenStreamsWithUnavailable) {
  Subscription sub(*stub_, host_.token, "log", 0);
  send("before");
  ASSERT_EQ(sub.wait_for(1).size(), 1u);
  ds_->drain();
  grpc::Status st = sub.finish();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(st.error_message(), HasSubstr("subscribe again"));
}

}  // namespace
}  // namespace zt::delivery::testing
