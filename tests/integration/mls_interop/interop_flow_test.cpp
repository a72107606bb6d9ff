// The interop runner's scenarios across three independent clients.
#include <gtest/gtest.h>

#include "interop_steps.h"
#include "wire_codec.h"
#include "zt/mls/extension.h"

namespace zt::mls_interop::testing {
namespace {

constexpr uint32_t kSuite = 1;

std::vector<uint32_t> supported_suites(InteropClient& c) {
  auto resp = c.call(&Stub::SupportedCiphersuites, mls_client::SupportedCiphersuitesRequest{});
  return {resp.ciphersuites().begin(), resp.ciphersuites().end()};
}

TEST(MlsInterop, NameAndSuites) {
  InteropClient a;
  EXPECT_EQ(a.call(&Stub::Name, mls_client::NameRequest{}).name(), "zt");
  EXPECT_EQ(supported_suites(a), (std::vector<uint32_t>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(MlsInterop, CreateJoinExportProtectInEverySuite) {
  InteropClient a, b;
  for (uint32_t suite : supported_suites(a)) {
    SCOPED_TRACE(suite);
    for (bool encrypt : {false, true}) {
      Member alice = create_group(a, suite, "alice", encrypt);
      Member bob = add_member(alice, {}, key_package(b, suite, "bob"), encrypt);
      expect_agreement({alice, bob});
      expect_message(alice, bob, "hello bob");
      expect_message(bob, alice, "hello alice");
      expect_message(bob, alice, "again");
    }
  }
}

using MlsInteropThree = ThreeClients;

TEST_P(MlsInteropThree, UpdateThenRemove) {
  std::string before = state_auth(alice_);
  mls_client::UpdateProposalRequest up;
  up.set_state_id(bob_.state);
  std::string update = b_.call(&Stub::UpdateProposal, up).proposal();
  // Alice commits Bob's update by reference (with a path).
  auto c = commit(alice_, {update});
  EXPECT_TRUE(c.welcome().empty());
  std::string auth = handle_pending(alice_);
  EXPECT_NE(auth, before);
  EXPECT_EQ(handle_commit(bob_, {update}, c.commit()), auth);
  EXPECT_EQ(handle_commit(carol_, {update}, c.commit()), auth);
  expect_agreement({alice_, bob_, carol_});
  expect_message(carol_, bob_, "after update");

  // Bob removes Carol by value.
  mls_client::ProposalDescription remove;
  remove.set_proposal_type("remove");
  remove.set_removed_id("carol");
  auto r = commit(bob_, {}, false, {remove});
  auth = handle_pending(bob_);
  EXPECT_EQ(handle_commit(alice_, {}, r.commit()), auth);
  expect_agreement({alice_, bob_});
  expect_message(alice_, bob_, "two of us");

  mls_client::FreeRequest free;
  free.set_state_id(carol_.state);
  c_.call(&Stub::Free, free);
  EXPECT_EQ(c_.service().group_count(), 0u);
  mls_client::StateAuthRequest sa;
  sa.set_state_id(carol_.state);
  EXPECT_EQ(c_.status(&Stub::StateAuth, sa).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_P(MlsInteropThree, ExternalJoinAndResync) {
  InteropClient d;
  for (bool external_tree : {false, true}) {
    std::string tree;
    std::string info = group_info(bob_, external_tree, &tree);
    EXPECT_EQ(tree.empty(), !external_tree);
    mls_client::ExternalJoinRequest req;
    req.set_group_info(info);
    req.set_ratchet_tree(tree);
    req.set_identity("dave");
    req.set_encrypt_handshake(GetParam());
    req.set_remove_prior(external_tree);  // the second time Dave rejoins
    auto joined = d.call(&Stub::ExternalJoin, req);
    Member dave{&d, joined.state_id(), "dave"};
    for (const Member& m : {alice_, bob_, carol_}) {
      EXPECT_EQ(handle_commit(m, {}, joined.commit()), joined.epoch_authenticator());
    }
    expect_agreement({alice_, bob_, carol_, dave});
    expect_message(dave, carol_, "dave here");
  }
  EXPECT_EQ(d.service().group_count(), 2u);  // the first, removed state is still held
}

TEST_P(MlsInteropThree, ExternalPskAndResumptionPsk) {
  for (const Member& m : {alice_, bob_, carol_}) {
    mls_client::StorePSKRequest s;
    s.set_state_or_transaction_id(m.state);
    s.set_psk_id("psk-1");
    s.set_psk_secret(std::string(32, 'k'));
    m.client->call(&Stub::StorePSK, s);
  }
  mls_client::ExternalPSKProposalRequest p;
  p.set_state_id(bob_.state);
  p.set_psk_id("psk-1");
  std::string psk = b_.call(&Stub::ExternalPSKProposal, p).proposal();
  auto c = commit(alice_, {psk});
  std::string auth = handle_pending(alice_);
  EXPECT_EQ(handle_commit(bob_, {psk}, c.commit()), auth);
  EXPECT_EQ(handle_commit(carol_, {psk}, c.commit()), auth);
  expect_agreement({alice_, bob_, carol_});

  // Resumption PSK of the previous epoch, by value.
  mls_client::ResumptionPSKProposalRequest rp;
  rp.set_state_id(carol_.state);
  // Epochs so far: 0 create, 1 add bob, 2 add carol, 3 psk commit.
  rp.set_epoch_id(2);
  std::string resumption = c_.call(&Stub::ResumptionPSKProposal, rp).proposal();
  auto c2 = commit(carol_, {resumption});
  auth = handle_pending(carol_);
  EXPECT_EQ(handle_commit(alice_, {resumption}, c2.commit()), auth);
  EXPECT_EQ(handle_commit(bob_, {resumption}, c2.commit()), auth);
  expect_agreement({alice_, bob_, carol_});

  // A joiner with the PSK stored on its transaction, added with a PSK.
  InteropClient d;
  PendingJoiner dave = key_package(d, kSuite, "dave");
  mls_client::StorePSKRequest s;
  s.set_state_or_transaction_id(dave.transaction);
  s.set_psk_id("psk-1");
  s.set_psk_secret(std::string(32, 'k'));
  d.call(&Stub::StorePSK, s);
  mls_client::ProposalDescription add, ext;
  add.set_proposal_type("add");
  add.set_key_package(dave.key_package);
  ext.set_proposal_type("externalPSK");
  ext.set_psk_id("psk-1");
  auto c3 = commit(alice_, {}, true, {add, ext});
  EXPECT_FALSE(c3.ratchet_tree().empty());
  auth = handle_pending(alice_);
  EXPECT_EQ(handle_commit(bob_, {}, c3.commit()), auth);
  EXPECT_EQ(handle_commit(carol_, {}, c3.commit()), auth);
  Member joined = join(dave, c3.welcome(), GetParam(), c3.ratchet_tree());
  expect_agreement({alice_, bob_, carol_, joined});
}

TEST_P(MlsInteropThree, ExternalSignerAndNewMemberProposals) {
  InteropClient ds, e;
  auto signer = install_external_signer(ds, kSuite, alice_, {bob_, carol_});

  // The signer proposes to add Erin and to remove Carol; Bob commits.
  PendingJoiner erin = key_package(e, kSuite, "erin");
  std::string tree;
  std::string info = group_info(alice_, true, &tree);
  mls_client::ExternalSignerProposalRequest add;
  add.set_signer_id(signer.signer_id());
  add.set_signer_index(0);
  add.set_group_info(info);
  add.set_ratchet_tree(tree);
  add.mutable_description()->set_proposal_type("add");
  add.mutable_description()->set_key_package(erin.key_package);
  std::string add_p = ds.call(&Stub::ExternalSignerProposal, add).proposal();
  mls_client::ExternalSignerProposalRequest rm = add;
  rm.mutable_description()->set_proposal_type("remove");
  rm.mutable_description()->set_removed_id("carol");
  std::string rm_p = ds.call(&Stub::ExternalSignerProposal, rm).proposal();
  auto c2 = commit(bob_, {add_p, rm_p});
  std::string auth = handle_pending(bob_);
  EXPECT_EQ(handle_commit(alice_, {add_p, rm_p}, c2.commit()), auth);
  Member erin_m = join(erin, c2.welcome(), GetParam());
  expect_agreement({alice_, bob_, erin_m});

  // Frank asks to join by a new-member Add proposal from the GroupInfo.
  InteropClient f;
  mls_client::NewMemberAddProposalRequest nm;
  nm.set_group_info(group_info(erin_m, false));
  nm.set_identity("frank");
  auto frank = f.call(&Stub::NewMemberAddProposal, nm);
  auto c3 = commit(erin_m, {frank.proposal()});
  auth = handle_pending(erin_m);
  EXPECT_EQ(handle_commit(alice_, {frank.proposal()}, c3.commit()), auth);
  EXPECT_EQ(handle_commit(bob_, {frank.proposal()}, c3.commit()), auth);
  Member frank_m = join({&f, frank.transaction_id(), {}, "frank"}, c3.welcome(), GetParam());
  expect_agreement({alice_, bob_, erin_m, frank_m});
  expect_message(frank_m, alice_, "hi from frank");
}

TEST_P(MlsInteropThree, GroupContextExtensionsProposalInstallsExternalSenders) {
  InteropClient ds;
  mls_client::CreateExternalSignerRequest cs;
  cs.set_cipher_suite(kSuite);
  cs.set_identity("ds");
  auto signer = ds.call(&Stub::CreateExternalSigner, cs);
  mls::ExternalSenders senders{
      decode_field<mls::ExternalSender>(signer.external_sender(), "external_sender")};
  mls_client::GroupContextExtensionsProposalRequest gce;
  gce.set_state_id(carol_.state);
  auto* ext = gce.add_extensions();
  ext->set_extension_type(mls::kExtensionExternalSenders);
  ext->set_extension_data(to_string(mls::encode(senders)));
  std::string p = c_.call(&Stub::GroupContextExtensionsProposal, gce).proposal();
  auto c = commit(bob_, {p});
  std::string auth = handle_pending(bob_);
  EXPECT_EQ(handle_commit(alice_, {p}, c.commit()), auth);
  EXPECT_EQ(handle_commit(carol_, {p}, c.commit()), auth);

  // The installed signer can now remove Alice; before, the group refused it.
  mls_client::ExternalSignerProposalRequest rm;
  rm.set_signer_id(signer.signer_id());
  rm.set_signer_index(0);
  rm.set_group_info(group_info(bob_, false));
  rm.mutable_description()->set_proposal_type("remove");
  rm.mutable_description()->set_removed_id("alice");
  std::string rm_p = ds.call(&Stub::ExternalSignerProposal, rm).proposal();
  auto c2 = commit(carol_, {rm_p});
  auth = handle_pending(carol_);
  EXPECT_EQ(handle_commit(bob_, {rm_p}, c2.commit()), auth);
  expect_agreement({bob_, carol_});
  // A signer index the group does not list is refused by the members.
  rm.set_signer_index(1);
  rm.set_group_info(group_info(bob_, false));
  rm.mutable_description()->set_removed_id("carol");
  std::string bad = ds.call(&Stub::ExternalSignerProposal, rm).proposal();
  mls_client::CommitRequest cr;
  cr.set_state_id(bob_.state);
  cr.add_by_reference(bad);
  EXPECT_EQ(b_.status(&Stub::Commit, cr).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(state_auth(bob_), auth);
}

// The runner's application / out-of-order-across-epochs script: alice
// protects two messages, commits, protects two more; bob unprotects them
// in reverse order. Messages of an epoch past the retention (3 by
// default) are refused with the epoch named.
TEST_P(MlsInteropThree, ApplicationMessagesOutOfOrderAcrossEpochs) {
  std::vector<std::string> sent{protect(alice_, "m1"), protect(alice_, "m2")};
  auto c = commit(alice_, {});
  std::string auth = handle_pending(alice_);
  EXPECT_EQ(handle_commit(bob_, {}, c.commit()), auth);
  EXPECT_EQ(handle_commit(carol_, {}, c.commit()), auth);
  sent.push_back(protect(alice_, "m3"));
  sent.push_back(protect(alice_, "m4"));
  const std::vector<std::string> plain{"m1", "m2", "m3", "m4"};
  for (int i : {3, 2, 1}) expect_unprotect(alice_, bob_, sent[i], plain[i]);
  // Once per generation, in a past epoch as in the current one.
  EXPECT_EQ(b_.status(&Stub::Unprotect, unprotect_request(bob_, sent[1])).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Three more commits: m1's epoch is now four back.
  for (const Member* committer : {&bob_, &carol_, &alice_}) {
    auto next = commit(*committer, {});
    std::string a = handle_pending(*committer);
    for (const Member* m : {&alice_, &bob_, &carol_}) {
      if (m != committer) {
        EXPECT_EQ(handle_commit(*m, {}, next.commit()), a);
      }
    }
  }
  grpc::Status gone = b_.status(&Stub::Unprotect, unprotect_request(bob_, sent[0]));
  EXPECT_EQ(gone.error_code(), grpc::StatusCode::ABORTED);  // EpochMismatch
  EXPECT_NE(gone.error_message().find("epoch 2"), std::string::npos) << gone.error_message();
  expect_unprotect(alice_, carol_, sent[2], "m3");  // three back: still retained
  expect_message(alice_, bob_, "current epoch");
}

INSTANTIATE_TEST_SUITE_P(Handshake, MlsInteropThree, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Private" : "Public"; });

}  // namespace
}  // namespace zt::mls_interop::testing
