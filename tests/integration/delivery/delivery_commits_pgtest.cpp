// Ordering of commits (issue 14 point 4) on real PostgreSQL with real MLS
// clients (common/mls): a commit wins only for the group's current epoch
// and only if the public view (PublicGroup) accepts it; exactly one of many
// concurrent commits wins; losers get ABORTED with the current epoch; a
// resend is idempotent; refused commits store nothing; a member added by a
// commit (Welcome) may read the group from then on.
#include <gmock/gmock.h>

#include <thread>

#include "delivery_fixture.h"
#include "delivery_stream_helpers.h"

namespace zt::delivery::testing {
namespace {

using ::testing::HasSubstr;

const Bytes kStateKey(32, 7);

struct Committed {
  mls::MlsMessage commit;
  mls::MlsMessage group_info;
  std::optional<mls::MlsMessage> welcome;
};

// Commits on `g` (merging it) and returns the bundle to send.
Committed commit_on(mls::Group& g, mls::CommitOptions options = {}) {
  mls::CommitResult r = g.commit(std::move(options));
  g.merge_pending_commit();
  return {r.commit, g.group_info(), r.welcome};
}

class CommitTest : public DeliveryTest {
 protected:
  void SetUp() override {
    DeliveryTest::SetUp();
    host_ = device();
    group_.emplace(create_group(host_, "cg"));
  }
  grpc::Status send(const Committed& c, v1::SendCommitResponse* out = nullptr,
                    grpc::ClientContext* ctx = nullptr, const Device* as = nullptr) {
    return commit(as ? *as : host_, to_bytes("cg"), c.commit, c.group_info, out, c.welcome, ctx);
  }
  size_t logged() { return ds_->app().store().read_log(to_bytes("cg"), 0, 1000).size(); }
  uint64_t ds_epoch() {
    v1::GetGroupRequest req;
    req.set_group_id("cg");
    v1::Group out;
    auto ctx = context_for(host_.token);
    EXPECT_TRUE(stub_->GetGroup(ctx.get(), req, &out).ok());
    return out.epoch();
  }
  mls::Group copy_of(const mls::Group& g) {
    return mls::Group::restore(g.serialize(kStateKey), kStateKey);
  }

  Device host_;
  std::optional<mls::Group> group_;
};

TEST_F(CommitTest, ACommitForTheCurrentEpochIsAcceptedAndFannedOut) {
  Subscription sub(*stub_, host_.token, "cg", 0);
  v1::SendCommitResponse out;
  Committed c = commit_on(*group_);
  grpc::Status st = send(c, &out);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(out.sequence(), 1u);
  EXPECT_EQ(out.epoch(), 1u);
  EXPECT_FALSE(out.duplicate());
  EXPECT_EQ(ds_epoch(), 1u);
  auto got = sub.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind(), v1::MESSAGE_KIND_COMMIT);
  EXPECT_EQ(got[0].epoch(), 0u);
  EXPECT_EQ(got[0].message(), to_string(mls::encode(c.commit)));
  // The next epoch is checked against the GroupInfo the committer published.
  ASSERT_TRUE(send(commit_on(*group_), &out).ok());
  EXPECT_EQ(out.epoch(), 2u);
}

TEST_F(CommitTest, ExactlyOneOfManyConcurrentCommitsWinsAnEpoch) {
  constexpr int kCommitters = 12;
  std::vector<Committed> bundles;
  for (int i = 0; i < kCommitters; ++i) {
    mls::Group copy = copy_of(*group_);
    bundles.push_back(commit_on(copy));
  }
  std::mutex mu;
  int won = 0;
  std::vector<std::string> trailers;
  std::vector<std::thread> threads;
  for (int i = 0; i < kCommitters; ++i) {
    threads.emplace_back([&, i] {
      auto stub = ds_->stub();
      v1::SendCommitRequest req;
      req.set_group_id("cg");
      req.set_commit(to_string(mls::encode(bundles[static_cast<size_t>(i)].commit)));
      req.set_group_info(to_string(mls::encode(bundles[static_cast<size_t>(i)].group_info)));
      v1::SendCommitResponse out;
      auto ctx = context_for(host_.token);
      grpc::Status st = stub->SendCommit(ctx.get(), req, &out);
      std::lock_guard lock(mu);
      if (st.ok()) {
        ++won;
      } else {
        EXPECT_EQ(st.error_code(), grpc::StatusCode::ABORTED) << st.error_message();
        EXPECT_THAT(st.error_message(), HasSubstr("the group is at epoch 1"));
        auto t = ctx->GetServerTrailingMetadata().find("zt-current-epoch");
        trailers.push_back(t == ctx->GetServerTrailingMetadata().end()
                               ? ""
                               : std::string(t->second.data(), t->second.size()));
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won, 1);
  EXPECT_EQ(trailers.size(), static_cast<size_t>(kCommitters - 1));
  for (const auto& t : trailers) EXPECT_EQ(t, "1");
  EXPECT_EQ(logged(), 1u);
  EXPECT_EQ(ds_epoch(), 1u);
}

TEST_F(CommitTest, ResendingTheWinningCommitIsIdempotent) {
  Committed c = commit_on(*group_);
  v1::SendCommitResponse first, again, later;
  ASSERT_TRUE(send(c, &first).ok());
  ASSERT_TRUE(send(c, &again).ok());
  EXPECT_TRUE(again.duplicate());
  EXPECT_EQ(again.sequence(), first.sequence());
  EXPECT_EQ(again.epoch(), 1u);
  ASSERT_TRUE(send(commit_on(*group_)).ok());  // the group moves on
  ASSERT_TRUE(send(c, &later).ok());           // a late resend is still recognised
  EXPECT_TRUE(later.duplicate());
  EXPECT_EQ(later.sequence(), first.sequence());
  EXPECT_EQ(logged(), 2u);
}

TEST_F(CommitTest, OldAndFutureEpochsAreAbortedWithTheCurrentEpoch) {
  mls::Group stale = copy_of(*group_);
  ASSERT_TRUE(send(commit_on(*group_)).ok());
  ASSERT_TRUE(send(commit_on(*group_)).ok());  // DS at epoch 2
  grpc::ClientContext old_ctx;
  old_ctx.AddMetadata("authorization", "Bearer " + host_.token);
  grpc::Status st = send(commit_on(stale), nullptr, &old_ctx);  // for epoch 0
  EXPECT_EQ(st.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(st.error_message(), HasSubstr("commit is for epoch 0 but the group is at epoch 2"));
  EXPECT_EQ(
      std::string(old_ctx.GetServerTrailingMetadata().find("zt-current-epoch")->second.data(), 1),
      "2");
  mls::Group ahead = copy_of(*group_);
  commit_on(ahead);             // epoch 3 locally, never sent
  st = send(commit_on(ahead));  // for epoch 3
  EXPECT_EQ(st.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(logged(), 2u);
}

TEST_F(CommitTest, CommitsThePublicViewRefusesStoreNothing) {
  auto expect_refused = [&](const Committed& c, grpc::StatusCode code, const std::string& text) {
    grpc::Status st = send(c);
    EXPECT_EQ(st.error_code(), code) << text << ": " << st.error_message();
    EXPECT_THAT(st.error_message(), HasSubstr(text));
    EXPECT_EQ(logged(), 0u);
    EXPECT_EQ(ds_epoch(), 0u);
  };
  // A bad signature on the FramedContent.
  {
    mls::Group g = copy_of(*group_);
    Committed c = commit_on(g);
    std::get<mls::PublicMessage>(c.commit.message).auth.signature[3] ^= 1;
    expect_refused(c, grpc::StatusCode::PERMISSION_DENIED, "bad_signature");
  }
  // A sender leaf that is not in the tree.
  {
    mls::Group g = copy_of(*group_);
    Committed c = commit_on(g);
    std::get<mls::PublicMessage>(c.commit.message).content.sender =
        mls::Sender{mls::MemberSender{5}};
    expect_refused(c, grpc::StatusCode::PERMISSION_DENIED, "commit refused");
  }
  // A GroupInfo that is not the state the commit produces.
  {
    mls::Group a = copy_of(*group_);
    mls::Group b = copy_of(*group_);
    Committed ca = commit_on(a);
    Committed cb = commit_on(b);
    expect_refused({ca.commit, cb.group_info, std::nullopt}, grpc::StatusCode::INVALID_ARGUMENT,
                   "commit refused");
  }
  // A GroupInfo without the ratchet tree, and none at all.
  {
    mls::Group g = copy_of(*group_);
    Committed c = commit_on(g);
    expect_refused({c.commit, g.group_info(/*with_tree=*/false), std::nullopt},
                   grpc::StatusCode::INVALID_ARGUMENT, "ratchet_tree");
    v1::SendCommitRequest req;
    req.set_group_id("cg");
    req.set_commit(to_string(mls::encode(c.commit)));
    v1::SendCommitResponse out;
    auto ctx = context_for(host_.token);
    grpc::Status st = stub_->SendCommit(ctx.get(), req, &out);
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(st.error_message(), HasSubstr("group_info is required"));
  }
  // Not an MLSMessage, and a commit from a device that is not a member.
  {
    v1::SendCommitRequest req;
    req.set_group_id("cg");
    req.set_commit("garbage");
    v1::SendCommitResponse out;
    auto ctx = context_for(host_.token);
    EXPECT_EQ(stub_->SendCommit(ctx.get(), req, &out).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
    mls::Group g = copy_of(*group_);
    Device stranger = device();
    EXPECT_EQ(send(commit_on(g), nullptr, nullptr, &stranger).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(logged(), 0u);
}

TEST_F(CommitTest, AMemberAddedByACommitMayReadTheGroupAndJoinsTheSameEpoch) {
  Device joiner = device();
  // The joiner uploads; the host claims one of its packages from the directory.
  std::map<std::string, mls::KeyPackageBundle> bundles;
  std::vector<mls::KeyPackage> packages;
  for (bool last : {false, true}) {
    auto b = key_package(joiner, last);
    packages.push_back(b.key_package);
    bundles.emplace(to_string(mls::encode(b.key_package)), std::move(b));
  }
  ASSERT_TRUE(upload(joiner, packages).ok());
  v1::ClaimKeyPackageRequest claim;
  claim.set_device_id(joiner.id);
  claim.set_cipher_suite(kSuite);
  v1::ClaimKeyPackageResponse claimed;
  auto ctx = context_for(host_.token);
  ASSERT_TRUE(stub_->ClaimKeyPackage(ctx.get(), claim, &claimed).ok());
  auto kp = mls::decode<mls::KeyPackage>(to_bytes(claimed.key_package()));
  ASSERT_TRUE(kp);

  // Before the commit the joiner may not read the group.
  Subscription early(*stub_, joiner.token, "cg", 0);
  EXPECT_EQ(early.finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);

  mls::CommitOptions add;
  add.proposals.push_back(mls::Proposal{mls::Add{*kp}});
  Committed c = commit_on(*group_, add);
  ASSERT_TRUE(c.welcome);
  v1::SendCommitResponse out;
  grpc::Status st = send(c, &out);
  ASSERT_TRUE(st.ok()) << st.error_message();

  // Now it may, and its MLS client joins the same epoch from the Welcome.
  Subscription sub(*stub_, joiner.token, "cg", 0);
  auto got = sub.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].kind(), v1::MESSAGE_KIND_COMMIT);
  mls::Group joined = mls::Group::join(*c.welcome, bundles.at(claimed.key_package()));
  EXPECT_EQ(joined.epoch(), group_->epoch());
  EXPECT_TRUE(std::equal(joined.epoch_authenticator().begin(), joined.epoch_authenticator().end(),
                         group_->epoch_authenticator().begin(),
                         group_->epoch_authenticator().end()));
}

}  // namespace
}  // namespace zt::delivery::testing
