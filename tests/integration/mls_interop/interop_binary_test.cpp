// Starts build/bin/zt-mls-interop --port 0 and drives it, with an
// in-process client, through create / join / export / protect.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>

#include "interop_steps.h"
#include "zt/testing/process.h"

namespace zt::mls_interop::testing {
namespace {

TEST(MlsInteropBinary, ServesTheHarnessApiOnLoopback) {
  const char* bin = std::getenv("ZT_BIN_DIR");
  ASSERT_NE(bin, nullptr) << "ZT_BIN_DIR is not set (run through ctest)";
  zt::testing::Process p(std::string(bin) + "/zt-mls-interop", {"--port", "0"});
  ASSERT_TRUE(p.wait_for_output("listening on 127.0.0.1:", std::chrono::seconds(20)))
      << p.stderr_text();
  std::smatch m;
  std::string out = p.stdout_text();
  ASSERT_TRUE(std::regex_search(out, m, std::regex("127\\.0\\.0\\.1:(\\d+)")));
  auto stub = mls_client::MLSClient::NewStub(
      grpc::CreateChannel("127.0.0.1:" + m[1].str(), grpc::InsecureChannelCredentials()));

  grpc::ClientContext name_ctx;
  mls_client::NameResponse name;
  ASSERT_TRUE(stub->Name(&name_ctx, {}, &name).ok());
  EXPECT_EQ(name.name(), "zt");

  // Alice lives in the binary, Bob in this process.
  grpc::ClientContext cg_ctx;
  mls_client::CreateGroupRequest cg;
  cg.set_group_id("g");
  cg.set_cipher_suite(2);
  cg.set_identity("alice");
  mls_client::CreateGroupResponse created;
  ASSERT_TRUE(stub->CreateGroup(&cg_ctx, cg, &created).ok());
  InteropClient local;
  PendingJoiner bob = key_package(local, 2, "bob");
  grpc::ClientContext add_ctx;
  mls_client::AddProposalRequest add;
  add.set_state_id(created.state_id());
  add.set_key_package(bob.key_package);
  mls_client::ProposalResponse proposal;
  ASSERT_TRUE(stub->AddProposal(&add_ctx, add, &proposal).ok());
  grpc::ClientContext commit_ctx;
  mls_client::CommitRequest cr;
  cr.set_state_id(created.state_id());
  cr.add_by_reference(proposal.proposal());
  mls_client::CommitResponse committed;
  ASSERT_TRUE(stub->Commit(&commit_ctx, cr, &committed).ok());
  grpc::ClientContext merge_ctx;
  mls_client::HandlePendingCommitRequest hp;
  hp.set_state_id(created.state_id());
  mls_client::HandleCommitResponse merged;
  ASSERT_TRUE(stub->HandlePendingCommit(&merge_ctx, hp, &merged).ok());
  Member bob_m = join(bob, committed.welcome());
  EXPECT_EQ(state_auth(bob_m), merged.epoch_authenticator());

  grpc::ClientContext protect_ctx;
  mls_client::ProtectRequest pr;
  pr.set_state_id(created.state_id());
  pr.set_plaintext("from the binary");
  mls_client::ProtectResponse ct;
  ASSERT_TRUE(stub->Protect(&protect_ctx, pr, &ct).ok());
  mls_client::UnprotectRequest ur;
  ur.set_state_id(bob_m.state);
  ur.set_ciphertext(ct.ciphertext());
  EXPECT_EQ(local.call(&Stub::Unprotect, ur).plaintext(), "from the binary");
}

}  // namespace
}  // namespace zt::mls_interop::testing
