#include <gtest/gtest.h>

#include "test_members.h"
#include "zt/mls/tree_validation.h"

namespace zt::mls::testing {
namespace {

TEST(TreeKem, EveryMemberAgreesOnEachCommitSecret) {
  TestGroup g = make_group(7, true);  // each commit_and_process checks agreement
  for (LeafIndex i = 0; i < 7; ++i) EXPECT_TRUE(g.privs[i].consistent_with(g.tree)) << i;
  auto a = commit_and_process(g, 3);
  auto b = commit_and_process(g, 3);
  EXPECT_FALSE(a == b);  // fresh randomness every time
  EXPECT_TRUE(validate_tree_structure(g.tree, g.context.group_id));
}

TEST(TreeKem, NewMembersAreExcludedAndJoinWithThePathSecret) {
  TestGroup g = make_group(4, true);
  RatchetTreeState before_add = g.tree;
  TestMember joiner = make_member(50);
  LeafIndex at = g.tree.add_leaf(joiner.key_package.leaf_node);
  RatchetTreeState with_add = g.tree;
  UpdatePathInput input{*g.tree.leaf(0), g.members[0].signature_priv.reveal(), {at}};
  GroupContext ctx = g.context;
  auto created = create_update_path(g.tree, g.privs[0], input, ctx);
  // No ciphertext for the joiner: its copath resolution entry is skipped.
  size_t total = 0;
  for (const auto& n : created.path.nodes) total += n.encrypted_path_secret.size();
  EXPECT_EQ(total, 2u);  // leaf 1 and node 5; nothing to the joiner's subtree

  // The joiner gets the path secret of the lowest common ancestor.
  NodeIndex lca = tree::common_ancestor(tree::leaf_to_node(at), tree::leaf_to_node(0));
  const crypto::SecretBytes* ps = nullptr;
  for (const auto& [node, secret] : created.path_secrets) {
    if (node == lca) ps = &secret;
  }
  ASSERT_NE(ps, nullptr);
  TreeKemPrivateKey joiner_priv(suite1(), at);
  joiner_priv.set_key(tree::leaf_to_node(at), joiner.encryption_priv);
  auto commit_secret = joiner_priv.implant_path_secret(g.tree, lca, ps->reveal());
  EXPECT_TRUE(commit_secret == created.commit_secret);
  EXPECT_TRUE(joiner_priv.consistent_with(g.tree));

  // An existing member processes with the joiner excluded.
  RatchetTreeState theirs = with_add;
  merge_update_path(theirs, 0, created.path);
  auto got = decrypt_update_path(theirs, g.privs[2], 0, created.path, ctx, {at});
  EXPECT_TRUE(got.commit_secret == created.commit_secret);
  // The joiner itself has nothing to decrypt in the path.
  TreeKemPrivateKey joiner_copy(suite1(), at);
  joiner_copy.set_key(tree::leaf_to_node(at), joiner.encryption_priv);
  EXPECT_THROW(decrypt_update_path(theirs, joiner_copy, 0, created.path, ctx, {at}), TreeKemError);
  (void)before_add;
}

TEST(TreeKem, TamperedPathsAreRejected) {
  TestGroup g = make_group(4, true);
  RatchetTreeState before = g.tree;
  UpdatePathInput input{*g.tree.leaf(1), g.members[1].signature_priv.reveal(), {}};
  GroupContext ctx = g.context;
  auto created = create_update_path(g.tree, g.privs[1], input, ctx);

  UpdatePath bad_key = created.path;
  bad_key.nodes[0].encryption_key[3] ^= 0x10;  // breaks the leaf's parent hash
  RatchetTreeState t1 = before;
  EXPECT_THROW(merge_update_path(t1, 1, bad_key), TreeKemError);

  UpdatePath bad_ct = created.path;
  bad_ct.nodes[1].encrypted_path_secret[0].ciphertext[0] ^= 1;
  RatchetTreeState t2 = before;
  merge_update_path(t2, 1, bad_ct);
  TreeKemPrivateKey p3 = g.privs[3];
  EXPECT_THROW(decrypt_update_path(t2, p3, 1, bad_ct, ctx, {}), TreeKemError);

  UpdatePath short_path = created.path;
  short_path.nodes.pop_back();
  RatchetTreeState t3 = before;
  EXPECT_THROW(merge_update_path(t3, 1, short_path), TreeKemError);

  RatchetTreeState t4 = before;
  merge_update_path(t4, 1, created.path);
  GroupContext wrong_ctx = ctx;
  ++wrong_ctx.epoch;  // a different context fails to decrypt
  TreeKemPrivateKey p0 = g.privs[0];
  EXPECT_THROW(decrypt_update_path(t4, p0, 1, created.path, wrong_ctx, {}), TreeKemError);
  auto ok = decrypt_update_path(t4, p0, 1, created.path, ctx, {});
  EXPECT_TRUE(ok.commit_secret == created.commit_secret);
}

}  // namespace
}  // namespace zt::mls::testing
