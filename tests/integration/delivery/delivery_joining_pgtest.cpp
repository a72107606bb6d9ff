// Joining (issue 14 points 2 and 6) on real PostgreSQL with real MLS
// clients (common/mls): the cached public view, members' proposals by
// reference, Welcomes to the addressed device only, external joins against
// the published GroupInfo, batched joins and leaves through the DS's
// external proposals and the designated committer (and its takeover), and
// the refusals of each new RPC with nothing stored.
#include <gmock/gmock.h>

#include "delivery_member.h"

namespace zt::delivery::testing {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr char kGroup[] = "join";

class JoiningTest : public DeliveryTest {
 protected:
  void SetUp() override {
    DeliveryTest::SetUp();
    DeliveryOptions options;
    options.committer.deadline = 600ms;  // takeover within a test's patience
    ds_ = std::make_unique<Replica>(db_->uri(), clock_, tokens_, nullptr, std::nullopt,
                                    std::move(options));
    stub_ = ds_->stub();
    host_ = member();
    host_.group.emplace(mls::Group::create(to_bytes(kGroup), host_.bundle,
                                           ds_external_senders(*stub_, host_.device.token)));
    v1::CreateGroupRequest req;
    req.set_group_id(kGroup);
    req.set_cipher_suite(kSuite);
    req.set_type(v1::MEETING_TYPE_E2EE);
    req.set_kind(v1::GROUP_KIND_SCHEDULED_MEETING);
    req.set_group_info(to_string(mls::encode(host_.group->group_info())));
    v1::Group out;
    auto ctx = context_for(host_.device.token);
    grpc::Status st = stub_->CreateGroup(ctx.get(), req, &out);
    ASSERT_TRUE(st.ok()) << st.error_message();
  }

  Member member(const std::string& org = "org-a") {
    Member m;
    m.device = device(org);
    m.bundle = key_package(m.device);
    return m;
  }
  std::size_t logged() { return ds_->app().store().read_log(to_bytes(kGroup), 0, 10000).size(); }
  uint64_t ds_epoch() { return ds_->app().store().find_group(to_bytes(kGroup))->epoch; }
  static bool same_epoch(const Member& a, const Member& b) {
    return a.group->epoch() == b.group->epoch() &&
           std::equal(a.group->epoch_authenticator().begin(), a.group->epoch_authenticator().end(),
                      b.group->epoch_authenticator().begin(),
                      b.group->epoch_authenticator().end());
  }
  // Adds `joiners` by the host's own commit (Add by value) and joins them from the Welcome.
  void add_by_commit(std::vector<Member*> joiners) {
    mls::CommitOptions add;
    for (Member* j : joiners) add.proposals.push_back(mls::Proposal{mls::Add{j->bundle.key_package}});
    PreparedCommit c = prepare_commit(host_, kGroup, add);
    mls::MlsMessage welcome = *c.welcome;
    grpc::Status st = send_commit(*stub_, host_, std::move(c));
    ASSERT_TRUE(st.ok()) << st.error_message();
    for (Member* j : joiners) j->group.emplace(mls::Group::join(welcome, j->bundle));
  }
  grpc::Status propose(const Member& as, const mls::MlsMessage& proposal,
                       v1::SendMessageResponse* out = nullptr) {
    v1::SendProposalRequest req;
    req.set_group_id(kGroup);
    req.set_proposal(to_string(mls::encode(proposal)));
    v1::SendMessageResponse ignored;
    auto ctx = context_for(as.device.token);
    return stub_->SendProposal(ctx.get(), req, out ? out : &ignored);
  }
  grpc::Status request_join(const Member& m, v1::RequestJoinResponse* out = nullptr,
                            const std::string& group = kGroup) {
    v1::RequestJoinRequest req;
    req.set_group_id(group);
    req.set_key_package(to_string(mls::encode(m.bundle.key_package)));
    v1::RequestJoinResponse ignored;
    auto ctx = context_for(m.device.token);
    return stub_->RequestJoin(ctx.get(), req, out ? out : &ignored);
  }
  grpc::Status request_leave(const Member& m, v1::RequestLeaveResponse* out = nullptr) {
    v1::RequestLeaveRequest req;
    req.set_group_id(kGroup);
    v1::RequestLeaveResponse ignored;
    auto ctx = context_for(m.device.token);
    return stub_->RequestLeave(ctx.get(), req, out ? out : &ignored);
  }
  // Follows `sub` until a COMMIT_REQUEST for the group's current epoch arrives.
  bool wait_commit_request(Member& m, Subscription& sub) {
    for (int i = 0; i < 60; ++i) {
      auto got = sub.wait_until(
          [&](const auto& v) {
            return v.size() > m.handled &&
                   std::any_of(v.begin() + static_cast<long>(m.handled), v.end(), [](const auto& x) {
                     return x.kind() == v1::MESSAGE_KIND_COMMIT_REQUEST;
                   });
          },
          1s);
      if (auto asked = follow(m, got); asked && *asked == m.group->epoch()) return true;
    }
    return false;
  }

  Member host_;
};

TEST_F(JoiningTest, ThePublicViewIsKeptAcrossCommitsAndRebuiltWhenAnotherReplicaWon) {
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(send_commit(*stub_, host_, prepare_commit(host_, kGroup)).ok());
  EXPECT_EQ(ds_->app().views().rebuilds(), 1u);  // epoch 0 once, then each commit's own view
  Replica other(db_->uri(), clock_, tokens_);
  auto other_stub = other.stub();
  ASSERT_TRUE(send_commit(*other_stub, host_, prepare_commit(host_, kGroup)).ok());
  EXPECT_EQ(other.app().views().rebuilds(), 1u);
  // This replica's view is of epoch 4, the stored group is at 5: rebuilt from the GroupInfo.
  ASSERT_TRUE(send_commit(*stub_, host_, prepare_commit(host_, kGroup)).ok());
  EXPECT_EQ(ds_->app().views().rebuilds(), 2u);
  EXPECT_EQ(ds_epoch(), 6u);
}

TEST_F(JoiningTest, AMembersProposalIsCheckedStoredAndCommittedByReference) {
  Member m1 = member();
  add_by_commit({&m1});
  Subscription host_sub(*stub_, host_.device.token, kGroup, 0);
  const std::size_t before = logged();

  // Refused, nothing stored: not a PublicMessage proposal, another epoch, a bad
  // signature, a leaf that is not the caller's.
  v1::SendProposalRequest garbage;
  garbage.set_group_id(kGroup);
  garbage.set_proposal("garbage");
  v1::SendMessageResponse out;
  auto ctx = context_for(m1.device.token);
  EXPECT_EQ(stub_->SendProposal(ctx.get(), garbage, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  mls::Group stale = copy_of(*m1.group);
  mls::MlsMessage update = m1.group->propose_update();
  mls::MlsMessage bad = update;
  std::get<mls::PublicMessage>(bad.message).auth.signature[5] ^= 1;
  grpc::Status st = propose(m1, bad);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("bad_signature"));
  st = propose(host_, update);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << st.error_message();
  EXPECT_EQ(logged(), before);

  ASSERT_TRUE(propose(m1, update, &out).ok());
  EXPECT_EQ(out.sequence(), before + 1);
  // The host caches it from its stream and commits it by reference.
  auto got = host_sub.wait_for(before + 1);
  follow(host_, got);
  EXPECT_EQ(host_.group->pending_proposal_count(), 1u);
  ASSERT_TRUE(send_commit(*stub_, host_, prepare_commit(host_, kGroup)).ok());
  Subscription m1_sub(*stub_, m1.device.token, kGroup, before);
  follow(m1, m1_sub.wait_for(2));
  EXPECT_TRUE(same_epoch(host_, m1));

  // A proposal of the epoch that ended: ABORTED with the current epoch.
  st = propose(m1, stale.propose_update());
  EXPECT_EQ(st.error_code(), grpc::StatusCode::ABORTED) << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("proposal is for epoch 1 but the group is at epoch 2"));
}

TEST_F(JoiningTest, WelcomesGoOnlyToTheDeviceTheyAreFor) {
  Member j1 = member(), j2 = member(), bystander = member();
  WelcomeSubscription w1(*stub_, j1.device.token);
  WelcomeSubscription wb(*stub_, bystander.device.token);
  add_by_commit({&j1});
  auto got = w1.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].group_id(), kGroup);
  EXPECT_EQ(got[0].sequence(), 1u);
  EXPECT_EQ(to_bytes(got[0].key_package_ref()),
            mls::make_key_package_ref(mls::suite_algorithms(kSuite), j1.bundle.key_package));
  mls::Group joined = mls::Group::join(*mls::decode<mls::MlsMessage>(to_bytes(got[0].welcome())),
                                       j1.bundle);
  EXPECT_EQ(joined.epoch(), host_.group->epoch());
  add_by_commit({&j2});
  WelcomeSubscription w2(*stub_, j2.device.token);  // after the fact: from history
  EXPECT_EQ(w2.wait_for(1).size(), 1u);
  EXPECT_EQ(w2.wait_for(1)[0].sequence(), 2u);
  EXPECT_TRUE(wb.wait_for(1, 1s).empty());
  EXPECT_EQ(w1.wait_for(2, 1s).size(), 1u);  // j2's Welcome is not j1's
}

TEST_F(JoiningTest, AnExternalJoinerCommitsAgainstThePublishedGroupInfo) {
  Member joiner = member();
  v1::GetGroupInfoRequest req;
  req.set_group_id(kGroup);
  v1::GroupInfoResponse info;
  auto ctx = context_for(joiner.device.token);
  ASSERT_TRUE(stub_->GetGroupInfo(ctx.get(), req, &info).ok());
  EXPECT_EQ(info.epoch(), 0u);
  // Another org's device does not learn of the group.
  Member stranger = member("org-b");
  ctx = context_for(stranger.device.token);
  EXPECT_EQ(stub_->GetGroupInfo(ctx.get(), req, &info).error_code(), grpc::StatusCode::NOT_FOUND);

  auto published = mls::decode<mls::MlsMessage>(to_bytes(info.group_info()));
  ASSERT_TRUE(published);
  // An external commit whose new leaf names another device is refused.
  Member other = member();
  {
    auto ej = mls::Group::join_external(*published, other.bundle);
    v1::SendCommitRequest c;
    c.set_group_id(kGroup);
    c.set_commit(to_string(mls::encode(ej.commit)));
    c.set_group_info(to_string(mls::encode(ej.group.group_info())));
    v1::SendCommitResponse out;
    ctx = context_for(joiner.device.token);
    grpc::Status st = stub_->SendCommit(ctx.get(), c, &out);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << st.error_message();
    EXPECT_EQ(logged(), 0u);
  }
  auto ej = mls::Group::join_external(*published, joiner.bundle);
  v1::SendCommitRequest c;
  c.set_group_id(kGroup);
  c.set_commit(to_string(mls::encode(ej.commit)));
  c.set_group_info(to_string(mls::encode(ej.group.group_info())));
  v1::SendCommitResponse out;
  ctx = context_for(joiner.device.token);
  grpc::Status st = stub_->SendCommit(ctx.get(), c, &out);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(out.epoch(), 1u);
  joiner.group.emplace(std::move(ej.group));
  Subscription host_sub(*stub_, host_.device.token, kGroup, 0);
  follow(host_, host_sub.wait_for(1));
  EXPECT_TRUE(same_epoch(host_, joiner));
  EXPECT_TRUE(ds_->app().store().is_member(to_bytes(kGroup), joiner.device.id));
}

TEST_F(JoiningTest, BatchedJoinsAndALeaveAreCommittedByTheDesignatedCommitter) {
  Subscription host_sub(*stub_, host_.device.token, kGroup, 0);
  std::vector<Member> joiners;
  for (int i = 0; i < 3; ++i) joiners.push_back(member());
  std::vector<std::unique_ptr<WelcomeSubscription>> welcomes;
  for (auto& j : joiners) {
    welcomes.push_back(std::make_unique<WelcomeSubscription>(*stub_, j.device.token));
    v1::RequestJoinResponse out;
    grpc::Status st = request_join(j, &out);
    ASSERT_TRUE(st.ok()) << st.error_message();
    EXPECT_GT(out.proposal_sequence(), 0u);
  }
  // Asked again: the same proposal of this epoch, nothing new stored.
  v1::RequestJoinResponse again;
  ASSERT_TRUE(request_join(joiners[0], &again).ok());
  EXPECT_EQ(again.proposal_sequence(), 1u);
  EXPECT_EQ(logged(), 3u);

  // The host (leaf 0, the only connected member) is asked to commit them all.
  ASSERT_TRUE(wait_commit_request(host_, host_sub));
  EXPECT_EQ(host_.group->pending_proposal_count(), 3u);
  PreparedCommit c = prepare_commit(host_, kGroup);
  ASSERT_TRUE(c.welcome);
  grpc::Status st = send_commit(*stub_, host_, std::move(c));
  ASSERT_TRUE(st.ok()) << st.error_message();
  for (std::size_t i = 0; i < joiners.size(); ++i) {
    auto got = welcomes[i]->wait_for(1);
    ASSERT_EQ(got.size(), 1u);
    joiners[i].group.emplace(mls::Group::join(
        *mls::decode<mls::MlsMessage>(to_bytes(got[0].welcome())), joiners[i].bundle));
    EXPECT_TRUE(same_epoch(host_, joiners[i]));
    EXPECT_TRUE(ds_->app().store().is_member(to_bytes(kGroup), joiners[i].device.id));
  }

  // A leave: the DS's external Remove, committed by the host on request.
  v1::RequestLeaveResponse left;
  st = request_leave(joiners[2], &left);
  ASSERT_TRUE(st.ok()) << st.error_message();
  ASSERT_TRUE(wait_commit_request(host_, host_sub));
  ASSERT_TRUE(send_commit(*stub_, host_, prepare_commit(host_, kGroup)).ok());
  EXPECT_FALSE(ds_->app().store().is_member(to_bytes(kGroup), joiners[2].device.id));
  EXPECT_EQ(host_.group->roster().size(), 3u);
  EXPECT_EQ(request_leave(joiners[2]).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(JoiningTest, AnotherMemberTakesOverWhenTheDesignatedOneDoesNotCommit) {
  Member m1 = member();
  add_by_commit({&m1});
  Subscription host_sub(*stub_, host_.device.token, kGroup, 1);
  Subscription m1_sub(*stub_, m1.device.token, kGroup, 1);
  Member joiner = member();
  ASSERT_TRUE(request_join(joiner).ok());
  ASSERT_TRUE(wait_commit_request(host_, host_sub));  // asked first (leaf 0); it stays silent
  ASSERT_TRUE(wait_commit_request(m1, m1_sub));        // after the deadline: leaf 1
  grpc::Status st = send_commit(*stub_, m1, prepare_commit(m1, kGroup));
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_TRUE(ds_->app().store().is_member(to_bytes(kGroup), joiner.device.id));
}

TEST_F(JoiningTest, AJoinTheCommitLeftOutIsProposedAgainInTheNextEpoch) {
  Subscription host_sub(*stub_, host_.device.token, kGroup, 0);
  Member joiner = member();
  ASSERT_TRUE(request_join(joiner).ok());
  host_sub.wait_for(1);
  // The host commits without the pending proposal (its own empty commit).
  mls::CommitOptions none;
  none.include_pending = false;
  ASSERT_TRUE(send_commit(*stub_, host_, prepare_commit(host_, kGroup, none)).ok());
  // The DS proposes the Add again in epoch 1 and asks for a commit of it.
  ASSERT_TRUE(wait_commit_request(host_, host_sub));
  EXPECT_EQ(host_.group->pending_proposal_count(), 1u);
  ASSERT_TRUE(send_commit(*stub_, host_, prepare_commit(host_, kGroup)).ok());
  EXPECT_TRUE(ds_->app().store().is_member(to_bytes(kGroup), joiner.device.id));
}

TEST_F(JoiningTest, BadJoinRequestsAreRefusedWithNothingStored) {
  Member joiner = member();
  // A KeyPackage that is not one, and one of another device.
  v1::RequestJoinRequest req;
  req.set_group_id(kGroup);
  req.set_key_package("nope");
  v1::RequestJoinResponse out;
  auto ctx = context_for(joiner.device.token);
  EXPECT_EQ(stub_->RequestJoin(ctx.get(), req, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  Member other = member();
  req.set_key_package(to_string(mls::encode(other.bundle.key_package)));
  ctx = context_for(joiner.device.token);
  grpc::Status st = stub_->RequestJoin(ctx.get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(st.error_message(), HasSubstr("calling device"));
  // Already a member; another org; no such group.
  EXPECT_EQ(request_join(host_).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(request_join(member("org-b")).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(request_join(joiner, nullptr, "nowhere").error_code(), grpc::StatusCode::NOT_FOUND);
  // A leave of a device that is not in the group.
  EXPECT_EQ(request_leave(joiner).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // A group whose external_senders does not list the DS.
  Member host2 = member();
  mls::Group g = mls::Group::create(to_bytes("plain"), host2.bundle);
  v1::CreateGroupRequest create;
  create.set_group_id("plain");
  create.set_cipher_suite(kSuite);
  create.set_type(v1::MEETING_TYPE_E2EE);
  create.set_kind(v1::GROUP_KIND_CALL);
  create.set_group_info(to_string(mls::encode(g.group_info())));
  v1::Group created;
  ctx = context_for(host2.device.token);
  ASSERT_TRUE(stub_->CreateGroup(ctx.get(), create, &created).ok());
  st = request_join(joiner, nullptr, "plain");
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(st.error_message(), HasSubstr("external_senders"));
  EXPECT_EQ(logged(), 0u);
  EXPECT_TRUE(ds_->app().store().join_requests(to_bytes(kGroup)).empty());
}

}  // namespace
}  // namespace zt::delivery::testing
