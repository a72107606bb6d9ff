// Fan-out across replicas (issue 14 point 5): two Delivery Service replicas
// on one PostgreSQL database and one Redis. Members on different replicas
// receive every message in the same order; when one replica goes, its
// members reconnect to the other from their last sequence and miss nothing.
#include <gmock/gmock.h>

#include "delivery_fixture.h"
#include "delivery_stream_helpers.h"
#include "zt/testing/redis.h"

namespace zt::delivery::testing {
namespace {

class FanoutTest : public DeliveryTest {
 protected:
  void SetUp() override {
    DeliveryTest::SetUp();
    redis::Options ro;
    ro.port = redis_.port();
    redis_a_ = std::make_unique<redis::Client>(ro);
    redis_b_ = std::make_unique<redis::Client>(ro);
    ds_.reset();
    a_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_, redis_a_.get(), ro);
    b_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_, redis_b_.get(), ro);
    ASSERT_TRUE(a_->app().fanout().wait_subscribed(std::chrono::seconds(10)));
    ASSERT_TRUE(b_->app().fanout().wait_subscribed(std::chrono::seconds(10)));
    stub_ = a_->stub();
    stub_b_ = b_->stub();
    host_ = device();
    group_.emplace(create_group(host_, "fan"));
  }
  void TearDown() override {
    stub_b_.reset();
    a_.reset();
    b_.reset();
    DeliveryTest::TearDown();
  }
  void send(v1::Delivery::Stub& stub, int n) {
    for (int i = 0; i < n; ++i) {
      v1::SendApplicationMessageRequest req;
      req.set_group_id("fan");
      req.set_message(to_string(mls::encode(group_->protect(to_bytes(std::to_string(i))))));
      v1::SendMessageResponse out;
      auto ctx = context_for(host_.token);
      ASSERT_TRUE(stub.SendApplicationMessage(ctx.get(), req, &out).ok());
    }
  }
  static void expect_in_order(const std::vector<v1::GroupMessage>& got, uint64_t first,
                              uint64_t last) {
    ASSERT_EQ(got.size(), last - first + 1);
    for (uint64_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].sequence(), first + i);
  }

  zt::testing::PrivateRedis redis_;
  std::unique_ptr<redis::Client> redis_a_, redis_b_;
  std::unique_ptr<Replica> a_, b_;
  std::unique_ptr<v1::Delivery::Stub> stub_b_;
  Device host_;
  std::optional<mls::Group> group_;
};

TEST_F(FanoutTest, MembersOnBothReplicasGetEveryMessageInOneOrder) {
  Subscription on_a(*stub_, host_.token, "fan", 0);
  Subscription on_b(*stub_b_, host_.token, "fan", 0);
  send(*stub_, 30);
  send(*stub_b_, 30);  // both replicas append to the same log
  auto got_a = on_a.wait_for(60);
  auto got_b = on_b.wait_for(60);
  expect_in_order(got_a, 1, 60);
  expect_in_order(got_b, 1, 60);
  for (size_t i = 0; i < got_a.size() && i < got_b.size(); ++i)
    EXPECT_EQ(got_a[i].message(), got_b[i].message());
}

TEST_F(FanoutTest, AMemberOfAReplicaThatGoesResumesOnTheOtherWithoutAGap) {
  uint64_t last = 0;
  {
    Subscription on_b(*stub_b_, host_.token, "fan", 0);
    send(*stub_, 10);
    auto got = on_b.wait_for(10);
    expect_in_order(got, 1, 10);
    last = got.back().sequence();
    b_->drain();  // replica B goes away: its stream ends with UNAVAILABLE
    EXPECT_EQ(on_b.finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  }
  send(*stub_, 10);  // sent while the member was away
  Subscription on_a(*stub_, host_.token, "fan", last);
  send(*stub_, 5);
  expect_in_order(on_a.wait_for(15), last + 1, 25);
}

TEST_F(FanoutTest, MessagesLostOnPubSubAreReadFromPostgres) {
  Subscription on_b(*stub_b_, host_.token, "fan", 0);
  send(*stub_, 3);
  expect_in_order(on_b.wait_for(3), 1, 3);
  redis_.stop();  // pub/sub loses what A accepts now
  send(*stub_, 4);
  redis_.start();
  ASSERT_TRUE(b_->app().fanout().wait_subscribed(std::chrono::seconds(15)));
  // B resubscribes; the next message it hears shows the gap, which it reads from PostgreSQL.
  for (int i = 0; i < 50 && on_b.wait_for(8, std::chrono::seconds(0)).size() < 8; ++i) {
    send(*stub_, 1);
    on_b.wait_for(8, std::chrono::seconds(1));
  }
  auto got = on_b.wait_for(8);
  ASSERT_GE(got.size(), 8u);
  for (uint64_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].sequence(), i + 1);
}

}  // namespace
}  // namespace zt::delivery::testing
