// The interop runner's reinit, branch and external-PSK scenarios across
// independent clients (real gRPC on loopback).
#include <gtest/gtest.h>

#include "interop_steps.h"

namespace zt::mls_interop::testing {
namespace {

using MlsInteropResume = ThreeClients;

struct ReInitHandled {
  uint32_t reinit_id = 0;
  std::string key_package;
  std::string epoch_authenticator;
};

ReInitHandled handled(const mls_client::HandleReInitCommitResponse& r) {
  return {r.reinit_id(), r.key_package(), r.epoch_authenticator()};
}

// Bob proposes a ReInit to suite 3, Alice commits it, everyone applies it.
std::vector<ReInitHandled> reinit_all(const Member& alice, const Member& bob, const Member& carol) {
  mls_client::ReInitProposalRequest ri;
  ri.set_state_id(bob.state);
  ri.set_group_id("group-v2");
  ri.set_cipher_suite(3);
  std::string p = bob.client->call(&Stub::ReInitProposal, ri).proposal();
  mls_client::CommitRequest cr;
  cr.set_state_id(alice.state);
  cr.add_by_reference(p);
  auto c = alice.client->call(&Stub::ReInitCommit, cr);
  mls_client::HandlePendingCommitRequest hp;
  hp.set_state_id(alice.state);
  std::vector<ReInitHandled> out{handled(alice.client->call(&Stub::HandlePendingReInitCommit, hp))};
  for (const Member* m : {&bob, &carol}) {
    mls_client::HandleCommitRequest hc;
    hc.set_state_id(m->state);
    hc.add_proposal(p);
    hc.set_commit(c.commit());
    out.push_back(handled(m->client->call(&Stub::HandleReInitCommit, hc)));
  }
  return out;
}

Member handle_reinit_welcome(const Member& old, uint32_t reinit_id,
                             const mls_client::CreateSubgroupResponse& created) {
  mls_client::HandleReInitWelcomeRequest req;
  req.set_reinit_id(reinit_id);
  req.set_welcome(created.welcome());
  req.set_ratchet_tree(created.ratchet_tree());
  auto resp = old.client->call(&Stub::HandleReInitWelcome, req);
  EXPECT_EQ(resp.epoch_authenticator(), created.epoch_authenticator());
  return {old.client, resp.state_id(), old.identity};
}

TEST_P(MlsInteropResume, ReInitToAnotherSuite) {
  std::vector<ReInitHandled> r = reinit_all(alice_, bob_, carol_);
  EXPECT_EQ(r[1].epoch_authenticator, r[0].epoch_authenticator);
  EXPECT_EQ(r[2].epoch_authenticator, r[0].epoch_authenticator);
  // Carol (not the committer) recreates the group; external tree when encrypted.
  mls_client::ReInitWelcomeRequest w;
  w.set_reinit_id(r[2].reinit_id);
  w.add_key_package(r[0].key_package);
  w.add_key_package(r[1].key_package);
  w.set_force_path(true);
  w.set_external_tree(GetParam());
  auto created = c_.call(&Stub::ReInitWelcome, w);
  ASSERT_FALSE(created.welcome().empty());
  EXPECT_EQ(created.ratchet_tree().empty(), !GetParam());
  Member carol2{&c_, created.state_id(), "carol"};
  Member alice2 = handle_reinit_welcome(alice_, r[0].reinit_id, created);
  Member bob2 = handle_reinit_welcome(bob_, r[1].reinit_id, created);
  expect_agreement({alice2, bob2, carol2});
  EXPECT_NE(state_auth(alice2), r[0].epoch_authenticator);
  expect_message(alice2, bob2, "new suite");
  expect_message(bob2, carol2, "still private");
  expect_message(carol2, alice2, "round");
}

TEST_P(MlsInteropResume, ReInitWelcomeMissingAMemberIsRefused) {
  std::vector<ReInitHandled> r = reinit_all(alice_, bob_, carol_);
  mls_client::ReInitWelcomeRequest w;
  w.set_reinit_id(r[0].reinit_id);
  w.add_key_package(r[1].key_package);
  grpc::Status s = a_.status(&Stub::ReInitWelcome, w);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  // With every member it works; a reinit state whose KeyPackage the
  // Welcome does not hold (the creator's own) cannot join from it.
  w.add_key_package(r[2].key_package);
  auto created = a_.call(&Stub::ReInitWelcome, w);
  mls_client::HandleReInitWelcomeRequest wrong;
  wrong.set_reinit_id(r[0].reinit_id);
  wrong.set_welcome(created.welcome());
  EXPECT_EQ(a_.status(&Stub::HandleReInitWelcome, wrong).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  Member bob2 = handle_reinit_welcome(bob_, r[1].reinit_id, created);
  Member alice2{&a_, created.state_id(), "alice"};
  expect_agreement({alice2, bob2});
  mls_client::HandleReInitWelcomeRequest unknown;
  unknown.set_reinit_id(9999);
  unknown.set_welcome(created.welcome());
  EXPECT_EQ(c_.status(&Stub::HandleReInitWelcome, unknown).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_P(MlsInteropResume, BranchOfTwo) {
  PendingJoiner bob_kp = key_package(b_, kGroupSuite, "bob");
  mls_client::CreateBranchRequest br;
  br.set_state_id(alice_.state);
  br.set_group_id("branch");
  br.add_key_packages(bob_kp.key_package);
  br.set_force_path(true);
  br.set_external_tree(GetParam());
  auto created = a_.call(&Stub::CreateBranch, br);
  ASSERT_FALSE(created.welcome().empty());
  mls_client::HandleBranchRequest hb;
  hb.set_state_id(bob_.state);
  hb.set_transaction_id(bob_kp.transaction);
  hb.set_welcome(created.welcome());
  hb.set_ratchet_tree(created.ratchet_tree());
  auto joined = b_.call(&Stub::HandleBranch, hb);
  EXPECT_EQ(joined.epoch_authenticator(), created.epoch_authenticator());
  Member alice_b{&a_, created.state_id(), "alice"};
  Member bob_b{&b_, joined.state_id(), "bob"};
  expect_agreement({alice_b, bob_b});
  expect_message(alice_b, bob_b, "side channel");
  // Carol is not in the branch: the Welcome holds nothing for her.
  PendingJoiner carol_kp = key_package(c_, kGroupSuite, "carol");
  hb.set_state_id(carol_.state);
  hb.set_transaction_id(carol_kp.transaction);
  EXPECT_EQ(c_.status(&Stub::HandleBranch, hb).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // The old group goes on.
  expect_agreement({alice_, bob_, carol_});
  expect_message(carol_, alice_, "main room");
}

TEST_P(MlsInteropResume, BranchWithAStrangerIsRefused) {
  InteropClient d;
  mls_client::CreateBranchRequest br;
  br.set_state_id(alice_.state);
  br.set_group_id("branch");
  br.add_key_packages(key_package(d, kGroupSuite, "dave").key_package);
  grpc::Status s = a_.status(&Stub::CreateBranch, br);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
}

TEST_P(MlsInteropResume, ExternalJoinWithPsk) {
  for (const Member* m : {&alice_, &bob_, &carol_}) {
    mls_client::StorePSKRequest sp;
    sp.set_state_or_transaction_id(m->state);
    sp.set_psk_id("shared");
    sp.set_psk_secret(std::string(32, 'k'));
    m->client->call(&Stub::StorePSK, sp);
  }
  InteropClient d;
  mls_client::ExternalJoinRequest ej;
  ej.set_group_info(group_info(bob_, false));
  ej.set_identity("dave");
  ej.set_encrypt_handshake(GetParam());
  auto* psk = ej.add_psks();
  psk->set_psk_id("shared");
  psk->set_psk_secret(std::string(32, 'k'));
  auto joined = d.call(&Stub::ExternalJoin, ej);
  for (const Member* m : {&alice_, &bob_, &carol_}) {
    EXPECT_EQ(handle_commit(*m, {}, joined.commit()), joined.epoch_authenticator());
  }
  Member dave{&d, joined.state_id(), "dave"};
  expect_agreement({alice_, bob_, carol_, dave});
  expect_message(dave, carol_, "joined with a psk");
}

TEST_P(MlsInteropResume, ExternalJoinWithAnUnknownPskIsNotFollowed) {
  InteropClient d;
  mls_client::ExternalJoinRequest ej;
  ej.set_group_info(group_info(alice_, false));
  ej.set_identity("dave");
  auto* psk = ej.add_psks();
  psk->set_psk_id("nobody-has-it");
  psk->set_psk_secret(std::string(32, 'x'));
  auto joined = d.call(&Stub::ExternalJoin, ej);
  std::string before = state_auth(alice_);
  mls_client::HandleCommitRequest hc;
  hc.set_state_id(alice_.state);
  hc.set_commit(joined.commit());
  EXPECT_EQ(a_.status(&Stub::HandleCommit, hc).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(state_auth(alice_), before);
}

TEST_P(MlsInteropResume, ExternalSignerProposesAResumptionPsk) {
  InteropClient ds;
  auto signer = install_external_signer(ds, kGroupSuite, alice_, {bob_, carol_});
  // The resumption PSK of epoch 2, the one before (Carol joined in it, so
  // every member retains it).
  mls_client::ExternalSignerProposalRequest rp;
  rp.set_signer_id(signer.signer_id());
  rp.set_group_info(group_info(alice_, true));
  rp.mutable_description()->set_proposal_type("resumptionPSK");
  rp.mutable_description()->set_epoch_id(2);
  std::string p = ds.call(&Stub::ExternalSignerProposal, rp).proposal();
  auto c2 = commit(bob_, {p});
  std::string auth = handle_pending(bob_);
  EXPECT_EQ(handle_commit(alice_, {p}, c2.commit()), auth);
  EXPECT_EQ(handle_commit(carol_, {p}, c2.commit()), auth);
  expect_agreement({alice_, bob_, carol_});
}

INSTANTIATE_TEST_SUITE_P(Handshake, MlsInteropResume, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Private" : "Public"; });

}  // namespace
}  // namespace zt::mls_interop::testing
