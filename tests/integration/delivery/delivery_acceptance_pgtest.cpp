// Acceptance of issue 14 on real PostgreSQL with real MLS clients
// (common/mls): 50 members commit for the same epoch at once, exactly one
// wins and every member ends on the same epoch and epoch authenticator;
// the public-view rule families that delivery_commits_pgtest does not
// cover (a wrong parent hash, a proposal a commit may not carry) are
// refused through the DS with nothing stored. (Bad signature and a sender
// not in the tree: CommitTest.CommitsThePublicViewRefusesStoreNothing.)
#include <gmock/gmock.h>

#include <thread>

#include "delivery_member.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/message_protection.h"

namespace zt::delivery::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kGroup[] = "big";

class AcceptanceTest : public DeliveryTest {
 protected:
  Member member() {
    Member m;
    m.device = device();
    m.bundle = key_package(m.device);
    return m;
  }
  void create(Member& host) {
    host.group.emplace(create_group_for(host));
  }
  mls::Group create_group_for(Member& host) {
    mls::Group g = mls::Group::create(to_bytes(kGroup), host.bundle);
    v1::CreateGroupRequest req;
    req.set_group_id(kGroup);
    req.set_cipher_suite(kSuite);
    req.set_type(v1::MEETING_TYPE_E2EE);
    req.set_kind(v1::GROUP_KIND_SCHEDULED_MEETING);
    req.set_group_info(to_string(mls::encode(g.group_info())));
    v1::Group out;
    auto ctx = context_for(host.device.token);
    EXPECT_TRUE(stub_->CreateGroup(ctx.get(), req, &out).ok());
    return g;
  }
  void add(Member& host, std::vector<Member>& joiners) {
    mls::CommitOptions add;
    for (auto& j : joiners) add.proposals.push_back(mls::Proposal{mls::Add{j.bundle.key_package}});
    PreparedCommit c = prepare_commit(host, kGroup, add);
    mls::MlsMessage welcome = *c.welcome;
    grpc::Status st = send_commit(*stub_, host, std::move(c));
    ASSERT_TRUE(st.ok()) << st.error_message();
    for (auto& j : joiners) j.group.emplace(mls::Group::join(welcome, j.bundle));
  }
  std::size_t logged() { return ds_->app().store().read_log(to_bytes(kGroup), 0, 10000).size(); }
  // `c` with its FramedContent changed by `edit` and signed again by `signer`'s key
  // (the confirmation and membership tags are kept: the DS cannot check them).
  static v1::SendCommitRequest resigned(const Member& signer, v1::SendCommitRequest c,
                                        const std::function<void(mls::Commit&)>& edit) {
    auto m = mls::decode<mls::MlsMessage>(to_bytes(c.commit()));
    auto& pm = std::get<mls::PublicMessage>(m->message);
    edit(std::get<mls::Commit>(pm.content.content));
    mls::AuthenticatedContent ac = mls::sign_framed_content(
        mls::suite_algorithms(kSuite), signer.bundle.signature_private_key.reveal(),
        mls::WireFormat::kPublicMessage, pm.content, signer.group->context());
    pm.auth.signature = ac.auth.signature;
    c.set_commit(to_string(mls::encode(*m)));
    return c;
  }
  grpc::Status send(const Member& as, const v1::SendCommitRequest& c) {
    v1::SendCommitResponse out;
    auto ctx = context_for(as.device.token);
    return stub_->SendCommit(ctx.get(), c, &out);
  }
};

TEST_F(AcceptanceTest, FiftyMembersCommitTheSameEpochAtOnceAndAllEndOnTheWinnersEpoch) {
  constexpr int kMembers = 50;
  std::vector<Member> members(1);
  members[0] = member();
  create(members[0]);
  std::vector<Member> joiners;
  for (int i = 1; i < kMembers; ++i) joiners.push_back(member());
  add(members[0], joiners);
  for (auto& j : joiners) members.push_back(std::move(j));
  const uint64_t epoch = members[0].group->epoch();

  std::vector<PreparedCommit> commits;
  for (auto& m : members) commits.push_back(prepare_commit(m, kGroup));
  std::vector<grpc::Status> results(kMembers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kMembers; ++i) {
    threads.emplace_back([&, i] {
      auto stub = ds_->stub();
      auto ctx = context_for(members[static_cast<size_t>(i)].device.token);
      v1::SendCommitResponse out;
      results[static_cast<size_t>(i)] =
          stub->SendCommit(ctx.get(), commits[static_cast<size_t>(i)].request, &out);
    });
  }
  for (auto& t : threads) t.join();
  int winner = -1;
  for (int i = 0; i < kMembers; ++i) {
    const auto& st = results[static_cast<size_t>(i)];
    if (st.ok()) {
      EXPECT_EQ(winner, -1) << "two commits won epoch " << epoch;
      winner = i;
    } else {
      EXPECT_EQ(st.error_code(), grpc::StatusCode::ABORTED) << st.error_message();
    }
  }
  ASSERT_GE(winner, 0);
  members[static_cast<size_t>(winner)].group.emplace(
      std::move(commits[static_cast<size_t>(winner)].next));

  // Every other member applies the winning commit as the DS delivers it.
  Subscription sub(*stub_, members[0].device.token, kGroup, 1);
  auto got = sub.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].sender_device_id(), members[static_cast<size_t>(winner)].device.id);
  const auto& w = *members[static_cast<size_t>(winner)].group;
  for (auto& m : members) {
    follow(m, got);
    EXPECT_EQ(m.group->epoch(), epoch + 1);
    EXPECT_TRUE(std::equal(m.group->epoch_authenticator().begin(),
                           m.group->epoch_authenticator().end(), w.epoch_authenticator().begin(),
                           w.epoch_authenticator().end()));
  }
  EXPECT_EQ(logged(), 2u);  // the Adds, then the one winner
}

TEST_F(AcceptanceTest, ACommitWithAWrongParentHashIsRefusedWithNothingStored) {
  Member host = member();
  create(host);
  std::vector<Member> one;
  one.push_back(member());
  add(host, one);
  const std::size_t before = logged();
  PreparedCommit c = prepare_commit(host, kGroup);
  // The root's new public key changes: the committer's leaf no longer carries its parent hash.
  v1::SendCommitRequest bad = resigned(host, c.request, [](mls::Commit& commit) {
    ASSERT_TRUE(commit.path);
    commit.path->nodes.at(0).encryption_key[0] ^= 1;
  });
  grpc::Status st = send(host, bad);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("invalid_path"));
  EXPECT_EQ(logged(), before);
  EXPECT_TRUE(send(host, c.request).ok());  // the untouched commit still wins the epoch
}

TEST_F(AcceptanceTest, ACommitCarryingAProposalItMayNotCarryIsRefusedWithNothingStored) {
  Member host = member();
  create(host);
  std::vector<Member> one;
  one.push_back(member());
  add(host, one);
  const std::size_t before = logged();
  PreparedCommit c = prepare_commit(host, kGroup);
  // A committer may not remove itself (RFC 9420 section 12.2).
  v1::SendCommitRequest bad = resigned(host, c.request, [](mls::Commit& commit) {
    commit.proposals.push_back(mls::ProposalOrRef{mls::Proposal{mls::Remove{0}}});
  });
  grpc::Status st = send(host, bad);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << st.error_message();
  EXPECT_THAT(st.error_message(), HasSubstr("invalid_proposal"));
  EXPECT_EQ(logged(), before);
  EXPECT_EQ(ds_->app().store().find_group(to_bytes(kGroup))->epoch, 1u);
}

}  // namespace
}  // namespace zt::delivery::testing
