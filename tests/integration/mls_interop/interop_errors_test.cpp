// Status codes of the interop server: NOT_FOUND for unknown ids,
// INVALID_ARGUMENT for undecodable input, FAILED_PRECONDITION for what the
// MLS state machine refuses (state unchanged), ABORTED for another epoch.
#include <gtest/gtest.h>

#include "interop_steps.h"

namespace zt::mls_interop::testing {
namespace {

constexpr uint32_t kSuite = 1;

TEST(MlsInteropErrors, UnknownIds) {
  InteropClient a;
  mls_client::StateAuthRequest sa;
  sa.set_state_id(42);
  grpc::Status s = a.status(&Stub::StateAuth, sa);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(s.error_message().find("unknown state id 42"), std::string::npos);
  mls_client::JoinGroupRequest j;
  j.set_transaction_id(7);
  Member alice = create_group(a, kSuite, "alice");
  InteropClient b;
  auto c = add_member(alice, {}, key_package(b, kSuite, "bob"));
  j.set_welcome("");
  EXPECT_EQ(a.status(&Stub::JoinGroup, j).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  mls_client::FreeRequest f;
  f.set_state_id(99);
  EXPECT_EQ(a.status(&Stub::Free, f).error_code(), grpc::StatusCode::NOT_FOUND);
  mls_client::ExternalSignerProposalRequest es;
  es.set_signer_id(5);
  es.set_group_info(group_info(alice, false));
  es.mutable_description()->set_proposal_type("externalPSK");
  EXPECT_EQ(a.status(&Stub::ExternalSignerProposal, es).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(MlsInteropErrors, UndecodableInput) {
  InteropClient a;
  Member alice = create_group(a, kSuite, "alice");
  mls_client::AddProposalRequest add;
  add.set_state_id(alice.state);
  add.set_key_package("not a key package");
  grpc::Status s = a.status(&Stub::AddProposal, add);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("key_package"), std::string::npos);
  mls_client::CreateGroupRequest cg;
  cg.set_cipher_suite(99);
  EXPECT_EQ(a.status(&Stub::CreateGroup, cg).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  mls_client::CommitRequest c;
  c.set_state_id(alice.state);
  c.add_by_value()->set_proposal_type("frobnicate");
  EXPECT_EQ(a.status(&Stub::Commit, c).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST(MlsInteropErrors, RefusedCommitsLeaveStateUnchanged) {
  InteropClient a, b, c;
  Member alice = create_group(a, kSuite, "alice");
  Member bob = add_member(alice, {}, key_package(b, kSuite, "bob"));
  Member carol = add_member(alice, {bob}, key_package(c, kSuite, "carol"));
  auto commit1 = commit(alice, {});
  std::string auth = handle_pending(alice);
  EXPECT_EQ(handle_commit(bob, {}, commit1.commit()), auth);
  // Replayed commit (now for a past epoch): EpochMismatch, ABORTED.
  mls_client::HandleCommitRequest replay;
  replay.set_state_id(bob.state);
  replay.set_commit(commit1.commit());
  EXPECT_EQ(b.status(&Stub::HandleCommit, replay).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(state_auth(bob), auth);
  // Tampered commit: one flipped byte in the signature area.
  std::string tampered = commit1.commit();
  tampered[tampered.size() - 5] ^= 1;
  mls_client::HandleCommitRequest bad;
  bad.set_state_id(carol.state);
  bad.set_commit(tampered);
  std::string carol_before = state_auth(carol);
  grpc::Status s = c.status(&Stub::HandleCommit, bad);
  EXPECT_TRUE(s.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
              s.error_code() == grpc::StatusCode::INVALID_ARGUMENT)
      << s.error_message();
  EXPECT_EQ(state_auth(carol), carol_before);
  EXPECT_EQ(handle_commit(carol, {}, commit1.commit()), auth);
  expect_agreement({alice, bob, carol});
  // No pending commit to merge.
  mls_client::HandlePendingCommitRequest hp;
  hp.set_state_id(bob.state);
  EXPECT_EQ(b.status(&Stub::HandlePendingCommit, hp).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace zt::mls_interop::testing
