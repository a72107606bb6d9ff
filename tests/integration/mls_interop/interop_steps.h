// The steps the public interop test runner takes, as helpers over
// InteropClient: create, key package, propose, commit, handle, join, and
// agreement checks across members held by different clients.
#pragma once

#include <string>
#include <vector>

#include "interop_client.h"

namespace zt::mls_interop::testing {

struct Member {
  InteropClient* client = nullptr;
  uint32_t state = 0;
  std::string identity;
};

struct PendingJoiner {
  InteropClient* client = nullptr;
  uint32_t transaction = 0;
  std::string key_package;
  std::string identity;
};

inline Member create_group(InteropClient& c, uint32_t suite, const std::string& identity,
                           bool encrypt = false, const std::string& group_id = "group") {
  mls_client::CreateGroupRequest req;
  req.set_group_id(group_id);
  req.set_cipher_suite(suite);
  req.set_encrypt_handshake(encrypt);
  req.set_identity(identity);
  return {&c, c.call(&Stub::CreateGroup, req).state_id(), identity};
}

inline PendingJoiner key_package(InteropClient& c, uint32_t suite, const std::string& identity) {
  mls_client::CreateKeyPackageRequest req;
  req.set_cipher_suite(suite);
  req.set_identity(identity);
  auto resp = c.call(&Stub::CreateKeyPackage, req);
  return {&c, resp.transaction_id(), resp.key_package(), identity};
}

inline std::string add_proposal(const Member& m, const std::string& key_package) {
  mls_client::AddProposalRequest req;
  req.set_state_id(m.state);
  req.set_key_package(key_package);
  return m.client->call(&Stub::AddProposal, req).proposal();
}

inline mls_client::CommitResponse commit(
    const Member& m, const std::vector<std::string>& by_ref, bool external_tree = false,
    std::vector<mls_client::ProposalDescription> by_value = {}) {
  mls_client::CommitRequest req;
  req.set_state_id(m.state);
  for (const auto& p : by_ref) req.add_by_reference(p);
  for (auto& d : by_value) *req.add_by_value() = std::move(d);
  req.set_external_tree(external_tree);
  return m.client->call(&Stub::Commit, req);
}

inline std::string handle_pending(const Member& m) {
  mls_client::HandlePendingCommitRequest req;
  req.set_state_id(m.state);
  return m.client->call(&Stub::HandlePendingCommit, req).epoch_authenticator();
}

inline std::string handle_commit(const Member& m, const std::vector<std::string>& proposals,
                                 const std::string& commit) {
  mls_client::HandleCommitRequest req;
  req.set_state_id(m.state);
  for (const auto& p : proposals) req.add_proposal(p);
  req.set_commit(commit);
  return m.client->call(&Stub::HandleCommit, req).epoch_authenticator();
}

// A Delivery Service signer on `ds`, installed in the group's
// external_senders by a GroupContextExtensions commit of `committer` that
// every member in `others` processes to the same epoch authenticator.
inline mls_client::CreateExternalSignerResponse install_external_signer(
    InteropClient& ds, uint32_t suite, const Member& committer, const std::vector<Member>& others) {
  mls_client::CreateExternalSignerRequest cs;
  cs.set_cipher_suite(suite);
  cs.set_identity("delivery-service");
  auto signer = ds.call(&Stub::CreateExternalSigner, cs);
  mls_client::AddExternalSignerRequest as;
  as.set_state_id(committer.state);
  as.set_external_sender(signer.external_sender());
  std::string gce = committer.client->call(&Stub::AddExternalSigner, as).proposal();
  auto c = commit(committer, {gce});
  std::string auth = handle_pending(committer);
  for (const Member& m : others) EXPECT_EQ(handle_commit(m, {gce}, c.commit()), auth);
  return signer;
}

inline Member join(const PendingJoiner& j, const std::string& welcome, bool encrypt = false,
                   const std::string& tree = {}) {
  mls_client::JoinGroupRequest req;
  req.set_transaction_id(j.transaction);
  req.set_welcome(welcome);
  req.set_encrypt_handshake(encrypt);
  req.set_identity(j.identity);
  req.set_ratchet_tree(tree);
  return {j.client, j.client->call(&Stub::JoinGroup, req).state_id(), j.identity};
}

inline std::string state_auth(const Member& m) {
  mls_client::StateAuthRequest req;
  req.set_state_id(m.state);
  return m.client->call(&Stub::StateAuth, req).state_auth_secret();
}

inline std::string export_secret(const Member& m) {
  mls_client::ExportRequest req;
  req.set_state_id(m.state);
  req.set_label("interop");
  req.set_context("ctx");
  req.set_key_length(32);
  return m.client->call(&Stub::Export, req).exported_secret();
}

inline std::string group_info(const Member& m, bool external_tree, std::string* tree = nullptr) {
  mls_client::GroupInfoRequest req;
  req.set_state_id(m.state);
  req.set_external_tree(external_tree);
  auto resp = m.client->call(&Stub::GroupInfo, req);
  if (tree != nullptr) *tree = resp.ratchet_tree();
  return resp.group_info();
}

// `plaintext` protected by `from` (authenticated data "aad:<identity>").
inline std::string protect(const Member& from, const std::string& plaintext) {
  mls_client::ProtectRequest p;
  p.set_state_id(from.state);
  p.set_plaintext(plaintext);
  p.set_authenticated_data("aad:" + from.identity);
  std::string ct = from.client->call(&Stub::Protect, p).ciphertext();
  EXPECT_EQ(ct.find(plaintext), std::string::npos);
  return ct;
}

inline mls_client::UnprotectRequest unprotect_request(const Member& to, const std::string& ct) {
  mls_client::UnprotectRequest u;
  u.set_state_id(to.state);
  u.set_ciphertext(ct);
  return u;
}

// `to` decrypts `ct`, sent by `from`, to `plaintext`.
inline void expect_unprotect(const Member& from, const Member& to, const std::string& ct,
                             const std::string& plaintext) {
  auto got = to.client->call(&Stub::Unprotect, unprotect_request(to, ct));
  EXPECT_EQ(got.plaintext(), plaintext);
  EXPECT_EQ(got.authenticated_data(), "aad:" + from.identity);
}

// Sends `plaintext` from `from` and checks `to` decrypts it.
inline void expect_message(const Member& from, const Member& to, const std::string& plaintext) {
  expect_unprotect(from, to, protect(from, plaintext), plaintext);
}

// All members share the epoch authenticator and the exporter output.
inline void expect_agreement(const std::vector<Member>& members) {
  ASSERT_FALSE(members.empty());
  std::string auth = state_auth(members[0]);
  std::string exported = export_secret(members[0]);
  EXPECT_FALSE(auth.empty());
  EXPECT_EQ(exported.size(), 32u);
  for (const Member& m : members) {
    EXPECT_EQ(state_auth(m), auth) << m.identity;
    EXPECT_EQ(export_secret(m), exported) << m.identity;
  }
}

// `adder` adds `j` by an Add proposal committed by reference; `others`
// handle the commit; the joiner joins from the Welcome.
inline Member add_member(const Member& adder, const std::vector<Member>& others,
                         const PendingJoiner& j, bool encrypt = false) {
  std::string proposal = add_proposal(adder, j.key_package);
  auto c = commit(adder, {proposal});
  EXPECT_FALSE(c.welcome().empty());
  std::string auth = handle_pending(adder);
  for (const Member& o : others) EXPECT_EQ(handle_commit(o, {proposal}, c.commit()), auth);
  return join(j, c.welcome(), encrypt);
}

// Alice, Bob and Carol in one suite-1 group, each on its own client; the
// parameter says whether handshakes are encrypted.
class ThreeClients : public ::testing::TestWithParam<bool> {
 protected:
  static constexpr uint32_t kGroupSuite = 1;
  void SetUp() override {
    alice_ = create_group(a_, kGroupSuite, "alice", GetParam());
    bob_ = add_member(alice_, {}, key_package(b_, kGroupSuite, "bob"), GetParam());
    carol_ = add_member(alice_, {bob_}, key_package(c_, kGroupSuite, "carol"), GetParam());
    expect_agreement({alice_, bob_, carol_});
  }
  InteropClient a_, b_, c_;
  Member alice_, bob_, carol_;
};

}  // namespace zt::mls_interop::testing
