// The designated committer across replicas (issue 14 point 6b): two
// Delivery Service replicas on one PostgreSQL database and one Redis; the
// members' streams are on different replicas and each replica sees the
// other's through the presence set in Redis, so only the lowest-index
// connected member is asked first, and when it stays silent the member on
// the other replica takes over.
#include <gmock/gmock.h>

#include "delivery_member.h"
#include "zt/testing/redis.h"

namespace zt::delivery::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kGroup[] = "multi";

class CommitterTest : public DeliveryTest {
 protected:
  void SetUp() override {
    DeliveryTest::SetUp();
    redis::Options ro;
    ro.port = redis_.port();
    redis_a_ = std::make_unique<redis::Client>(ro);
    redis_b_ = std::make_unique<redis::Client>(ro);
    DeliveryOptions oa, ob;
    for (DeliveryOptions* o : {&oa, &ob}) {
      o->committer.deadline = 2500ms;
      o->committer.presence_refresh = 100ms;
      o->signing_key_hex = crypto::SecretBytes::adopt(Bytes(signing_hex.begin(), signing_hex.end()));
    }
    ds_.reset();
    a_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_, redis_a_.get(), ro, std::move(oa));
    b_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_, redis_b_.get(), ro, std::move(ob));
    ASSERT_TRUE(a_->app().fanout().wait_subscribed(10s));
    ASSERT_TRUE(b_->app().fanout().wait_subscribed(10s));
    stub_ = a_->stub();
    stub_b_ = b_->stub();
  }
  void TearDown() override {
    stub_b_.reset();
    a_.reset();
    b_.reset();
    DeliveryTest::TearDown();
  }
  Member member() {
    Member m;
    m.device = device();
    m.bundle = key_package(m.device);
    return m;
  }
  static bool asked(Member& m, Subscription& sub, std::chrono::seconds within) {
    auto got = sub.wait_until(
        [&](const auto& v) {
          return std::any_of(v.begin() + static_cast<long>(std::min(m.handled, v.size())), v.end(),
                             [](const auto& x) { return x.kind() == v1::MESSAGE_KIND_COMMIT_REQUEST; });
        },
        within);
    auto epoch = follow(m, got);
    return epoch && *epoch == m.group->epoch();
  }

  // Both replicas sign as the same external sender (delivery.signing_key_file).
  const std::string signing_hex = std::string(64, 'a');
  zt::testing::PrivateRedis redis_;
  std::unique_ptr<redis::Client> redis_a_, redis_b_;
  std::unique_ptr<Replica> a_, b_;
  std::unique_ptr<v1::Delivery::Stub> stub_b_;
};

TEST_F(CommitterTest, TheMemberOnTheOtherReplicaTakesOverFromASilentLowestLeaf) {
  Member host = member(), m1 = member(), joiner = member();
  host.group.emplace(mls::Group::create(to_bytes(kGroup), host.bundle,
                                        ds_external_senders(*stub_, host.device.token)));
  v1::CreateGroupRequest req;
  req.set_group_id(kGroup);
  req.set_cipher_suite(kSuite);
  req.set_type(v1::MEETING_TYPE_E2EE);
  req.set_kind(v1::GROUP_KIND_SCHEDULED_MEETING);
  req.set_group_info(to_string(mls::encode(host.group->group_info())));
  v1::Group created;
  auto ctx = context_for(host.device.token);
  ASSERT_TRUE(stub_->CreateGroup(ctx.get(), req, &created).ok());
  mls::CommitOptions add;
  add.proposals.push_back(mls::Proposal{mls::Add{m1.bundle.key_package}});
  PreparedCommit c = prepare_commit(host, kGroup, add);
  mls::MlsMessage welcome = *c.welcome;
  ASSERT_TRUE(send_commit(*stub_, host, std::move(c)).ok());
  m1.group.emplace(mls::Group::join(welcome, m1.bundle));

  Subscription host_sub(*stub_, host.device.token, kGroup, 1);  // leaf 0 on replica A
  Subscription m1_sub(*stub_b_, m1.device.token, kGroup, 1);    // leaf 1 on replica B
  std::this_thread::sleep_for(300ms);  // both replicas have written their presence
  v1::RequestJoinRequest join;
  join.set_group_id(kGroup);
  join.set_key_package(to_string(mls::encode(joiner.bundle.key_package)));
  v1::RequestJoinResponse joined;
  ctx = context_for(joiner.device.token);
  grpc::Status st = stub_b_->RequestJoin(ctx.get(), join, &joined);  // through B
  ASSERT_TRUE(st.ok()) << st.error_message();

  // Replica B knows the host is connected (to A) and lower: it does not ask m1 first.
  ASSERT_TRUE(asked(host, host_sub, 10s));
  EXPECT_FALSE(asked(m1, m1_sub, 1s));
  // The host stays silent; after the deadline m1, on the other replica, is asked.
  ASSERT_TRUE(asked(m1, m1_sub, 10s));
  st = send_commit(*stub_b_, m1, prepare_commit(m1, kGroup));
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_TRUE(a_->app().store().is_member(to_bytes(kGroup), joiner.device.id));
}

}  // namespace
}  // namespace zt::delivery::testing
