#include "test_members.h"

#include <gtest/gtest.h>

#include <string>

#include "zt/crypto/kem.h"
#include "zt/crypto/signature.h"
#include "zt/mls/key_package_validation.h"
#include "zt/mls/leaf_node_signature.h"

namespace zt::mls::testing {

const crypto::SuiteAlgorithms& suite1() {
  return crypto::suite_algorithms(crypto::CipherSuiteId::kX25519Aes128GcmSha256Ed25519);
}

TestMember make_member_with(Credential credential, const crypto::SecretBytes& signature_priv) {
  const auto& suite = suite1();
  crypto::Dhkem kem(suite.kem);
  auto enc = kem.generate_key_pair();
  auto init = kem.generate_key_pair();
  TestMember m{signature_priv, std::move(enc.private_key), std::move(init.private_key), {}};
  LeafNode leaf;
  leaf.encryption_key = enc.public_key;
  leaf.signature_key = crypto::derive_signature_public_key(suite.signature, signature_priv.reveal());
  leaf.credential = std::move(credential);
  leaf.capabilities = {{ProtocolVersion::kMls10}, {1}, {}, {}, {kCredentialBasic, kCredentialX509}};
  leaf.source = KeyPackageLeafSource{{0, (uint64_t{1} << 63)}};
  sign_leaf_node(suite, leaf, signature_priv.reveal(), {}, 0);
  m.key_package = {ProtocolVersion::kMls10, 1, init.public_key, std::move(leaf), {}, {}};
  sign_key_package(suite, m.key_package, signature_priv.reveal());
  return m;
}

TestMember make_member(uint32_t n) {
  auto key = crypto::SigningKey::generate(suite1().signature);
  std::string id = "member-" + std::to_string(n);
  return make_member_with(Credential{BasicCredential{Bytes(id.begin(), id.end())}}, key.raw_private_key());
}

TestGroup make_group(uint32_t n, bool commit_each) {
  TestGroup g{RatchetTreeState(suite1()), {}, {}, {}};
  g.context.cipher_suite = 1;
  g.context.group_id = {1, 2, 3, 4};
  for (uint32_t i = 0; i < n; ++i) {
    g.members.push_back(make_member(i));
    LeafIndex at = g.tree.add_leaf(g.members.back().key_package.leaf_node);
    g.privs.emplace_back(suite1(), at);
    g.privs.back().set_key(tree::leaf_to_node(at), g.members.back().encryption_priv);
  }
  if (commit_each) {
    for (LeafIndex i = 0; i < n; ++i) commit_and_process(g, i);
  }
  return g;
}

crypto::SecretBytes commit_and_process(TestGroup& g, LeafIndex sender) {
  RatchetTreeState before = g.tree;
  UpdatePathInput input{*g.tree.leaf(sender), g.members[sender].signature_priv.reveal(), {}};
  GroupContext ctx = g.context;
  ++ctx.epoch;
  auto created = create_update_path(g.tree, g.privs[sender], input, ctx);
  for (LeafIndex j = 0; j < g.privs.size(); ++j) {
    if (j == sender) continue;
    RatchetTreeState theirs = before;
    merge_update_path(theirs, sender, created.path);
    EXPECT_EQ(theirs.tree_hash(), g.tree.tree_hash());
    auto got = decrypt_update_path(theirs, g.privs[j], sender, created.path, ctx, {});
    EXPECT_TRUE(got.commit_secret == created.commit_secret) << "receiver " << j;
  }
  g.context = ctx;
  return std::move(created.commit_secret);
}

}  // namespace zt::mls::testing
