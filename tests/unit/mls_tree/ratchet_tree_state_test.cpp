#include <gtest/gtest.h>

#include "test_members.h"
#include "zt/mls/parent_hash.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls/tree_validation.h"

namespace zt::mls::testing {
namespace {

Bytes fresh_hash(const RatchetTreeState& tree) {
  return RatchetTreeState::from_wire(tree.suite(), tree.to_wire()).tree_hash();
}

TEST(RatchetTreeState, AddExtendsAndRemoveTruncates) {
  RatchetTreeState tree(suite1());
  for (uint32_t i = 0; i < 3; ++i)
    EXPECT_EQ(tree.add_leaf(make_member(i).key_package.leaf_node), i);
  EXPECT_EQ(tree.leaf_count(), 4u);
  EXPECT_EQ(tree.member_count(), 3u);
  tree.remove_leaf(2);
  EXPECT_EQ(tree.leaf_count(), 2u);
  tree.remove_leaf(0);
  EXPECT_EQ(tree.leaf_count(), 2u);  // leaf 1 still in the right half
  EXPECT_EQ(tree.add_leaf(make_member(9).key_package.leaf_node), 0u);  // leftmost blank
  EXPECT_THROW(tree.remove_leaf(3), TreeError);
}

TEST(RatchetTreeState, AddRecordsUnmergedLeavesOnNonBlankParents) {
  TestGroup g = make_group(3, true);
  LeafIndex added = g.tree.add_leaf(make_member(7).key_package.leaf_node);
  EXPECT_EQ(added, 3u);
  for (auto p : tree::direct_path(tree::leaf_to_node(added), g.tree.leaf_count())) {
    if (const ParentNode* node = g.tree.parent_node(p)) {
      EXPECT_EQ(node->unmerged_leaves, std::vector<uint32_t>{3}) << "node " << p;
    }
  }
  // The new leaf shows up in the resolution of its non-blank ancestors.
  auto res = g.tree.resolution(g.tree.root());
  EXPECT_EQ(res.back(), tree::leaf_to_node(3));
  EXPECT_TRUE(validate_tree_structure(g.tree, g.context.group_id));
}

TEST(RatchetTreeState, ACopySharesNodesButChangesOnlyItself) {
  TestGroup g = make_group(3, true);  // non-blank parents above leaf 3's slot
  const Bytes hash = g.tree.tree_hash();
  const RatchetTree wire = g.tree.to_wire();
  RatchetTreeState copy = g.tree;
  EXPECT_EQ(copy.node(0), g.tree.node(0));  // shared, not copied
  // Changes to the copy: an unmerged leaf on shared parents, an update, a blank.
  copy.add_leaf(make_member(7).key_package.leaf_node);
  copy.update_leaf(1, make_member(8).key_package.leaf_node);
  copy.blank(tree::leaf_to_node(2));
  EXPECT_NE(copy.tree_hash(), hash);
  EXPECT_EQ(copy.tree_hash(), fresh_hash(copy));
  // The original is as it was, its hash cache too.
  EXPECT_EQ(g.tree.to_wire(), wire);
  const uint64_t computed = g.tree.hash_computations();
  EXPECT_EQ(g.tree.tree_hash(), hash);
  EXPECT_EQ(g.tree.hash_computations(), computed);
  EXPECT_EQ(fresh_hash(g.tree), hash);
  for (auto p : tree::direct_path(tree::leaf_to_node(3), g.tree.leaf_count())) {
    if (const ParentNode* node = g.tree.parent_node(p)) {
      EXPECT_TRUE(node->unmerged_leaves.empty()) << "node " << p;
    }
  }
  // Unchanged nodes stay shared.
  EXPECT_EQ(copy.node(0), g.tree.node(0));
  EXPECT_NE(copy.node(2), g.tree.node(2));
}

TEST(RatchetTreeState, CachedHashMatchesFromScratchAfterEveryChange) {
  TestGroup g = make_group(6, true);
  EXPECT_EQ(g.tree.tree_hash(), fresh_hash(g.tree));
  g.tree.remove_leaf(4);
  EXPECT_EQ(g.tree.tree_hash(), fresh_hash(g.tree));
  g.tree.add_leaf(make_member(10).key_package.leaf_node);
  g.tree.add_leaf(make_member(11).key_package.leaf_node);
  g.tree.add_leaf(make_member(12).key_package.leaf_node);  // extends to 8 leaves
  EXPECT_EQ(g.tree.leaf_count(), 8u);
  EXPECT_EQ(g.tree.tree_hash(), fresh_hash(g.tree));
  g.tree.update_leaf(1, make_member(13).key_package.leaf_node);
  EXPECT_EQ(g.tree.tree_hash(), fresh_hash(g.tree));
  g.tree.remove_leaf(7);
  g.tree.remove_leaf(6);
  EXPECT_EQ(g.tree.leaf_count(), 8u);  // leaf 5 (node 10) holds the right half
  EXPECT_EQ(g.tree.tree_hash(), fresh_hash(g.tree));
}

TEST(RatchetTreeState, PathUpdateRehashesOnlyTheDirectPath) {
  TestGroup g = make_group(16, true);
  uint64_t before = g.tree.hash_computations();
  g.tree.tree_hash();
  EXPECT_EQ(g.tree.hash_computations(), before);  // nothing dirty
  commit_and_process(g, 5);
  before = g.tree.hash_computations();
  g.tree.clear_hash_cache();
  g.tree.tree_hash();
  EXPECT_EQ(g.tree.hash_computations() - before, 31u);  // all 31 nodes from scratch

  // An UpdatePath touches the leaf and its 4 ancestors: 5 node hashes.
  RatchetTreeState receiver = g.tree;
  receiver.tree_hash();
  UpdatePathInput input{*g.tree.leaf(9), g.members[9].signature_priv.reveal(), {}};
  GroupContext ctx = g.context;
  auto created = create_update_path(g.tree, g.privs[9], input, ctx);
  before = receiver.hash_computations();
  merge_update_path(receiver, 9, created.path);
  receiver.tree_hash();
  EXPECT_EQ(receiver.hash_computations() - before, 5u);
  EXPECT_EQ(receiver.tree_hash(), g.tree.tree_hash());
}

TEST(RatchetTreeState, FromWireRejectsMalformedTrees) {
  TestGroup g = make_group(2, false);
  RatchetTree wire = g.tree.to_wire();
  RatchetTree trailing = wire;
  trailing.push_back(std::nullopt);
  trailing.push_back(std::nullopt);
  EXPECT_THROW(RatchetTreeState::from_wire(suite1(), trailing), TreeError);
  RatchetTree even(wire.begin(), wire.begin() + 2);
  even[1] = Node{ParentNode{{1}, {}, {}}};
  EXPECT_THROW(RatchetTreeState::from_wire(suite1(), even), TreeError);
  RatchetTree swapped = wire;
  swapped[1] = wire[0];  // a leaf at a parent position
  EXPECT_THROW(RatchetTreeState::from_wire(suite1(), swapped), TreeError);
  EXPECT_THROW(RatchetTreeState::from_wire(suite1(), {}), TreeError);
}

TEST(RatchetTreeState, ValidationCatchesTamperedParentAndLeaf) {
  TestGroup g = make_group(5, true);
  ASSERT_TRUE(validate_joined_tree(g.tree, g.context.group_id, g.tree.tree_hash()));
  EXPECT_FALSE(validate_joined_tree(g.tree, g.context.group_id, Bytes(32, 0)));

  RatchetTreeState parent_tampered = g.tree;
  NodeIndex root = parent_tampered.root();
  ParentNode node = *parent_tampered.parent_node(root);
  node.encryption_key[0] ^= 1;
  parent_tampered.set_parent(root, node);
  EXPECT_FALSE(verify_parent_hashes(parent_tampered));
  EXPECT_FALSE(validate_tree_structure(parent_tampered, g.context.group_id));

  RatchetTreeState leaf_tampered = g.tree;
  LeafNode leaf = *leaf_tampered.leaf(2);
  leaf.capabilities.extensions.push_back(0x0a0a);
  leaf_tampered.set_leaf(2, leaf);
  auto result = validate_tree_structure(leaf_tampered, g.context.group_id);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("leaf 2"), std::string::npos);

  EXPECT_FALSE(validate_tree_structure(g.tree, Bytes{9, 9}));  // signatures bind the group id
}

}  // namespace
}  // namespace zt::mls::testing
