// Joining-time tree validation (RFC 9420 sections 7.9.2, 12.4.3.1).
#include "zt/mls/tree_validation.h"

#include <algorithm>
#include <set>

#include "zt/mls/leaf_node_signature.h"
#include "zt/mls/parent_hash.h"

namespace zt::mls {
namespace {

using Result = Expected<void, std::string>;

Result fail(std::string why) { return unexpected(std::move(why)); }

Result check_unmerged(const RatchetTreeState& tree, NodeIndex p, const ParentNode& node) {
  for (LeafIndex u : node.unmerged_leaves) {
    if (tree.leaf(u) == nullptr) {
      return fail("parent node " + std::to_string(p) + " lists blank or absent unmerged leaf " +
                  std::to_string(u));
    }
    NodeIndex x = tree::leaf_to_node(u);
    bool reached = false;
    for (auto a = tree::parent(x, tree.leaf_count()); a; a = tree::parent(*a, tree.leaf_count())) {
      if (*a == p) {
        reached = true;
        break;
      }
      const ParentNode* between = tree.parent_node(*a);
      if (between != nullptr && std::find(between->unmerged_leaves.begin(),
                                          between->unmerged_leaves.end(),
                                          u) == between->unmerged_leaves.end()) {
        return fail("unmerged leaf " + std::to_string(u) + " of node " + std::to_string(p) +
                    " is missing from node " + std::to_string(*a));
      }
    }
    if (!reached) {
      return fail("unmerged leaf " + std::to_string(u) + " is not below node " + std::to_string(p));
    }
  }
  return {};
}

Result check_unique_keys(const RatchetTreeState& tree) {
  std::set<BytesView, decltype([](BytesView a, BytesView b) {
             return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
           })>
      seen;
  for (NodeIndex x = 0; x < tree.node_count(); ++x) {
    if (tree.is_blank(x)) continue;
    if (!seen.insert(tree.encryption_key(x)).second) {
      return fail("node " + std::to_string(x) + " reuses an HPKE encryption key");
    }
  }
  return {};
}

}  // namespace

Result validate_tree_structure(const RatchetTreeState& tree, BytesView group_id) {
  for (LeafIndex i = 0; i < tree.leaf_count(); ++i) {
    const LeafNode* leaf = tree.leaf(i);
    if (leaf != nullptr && !verify_leaf_node_signature(tree.suite(), *leaf, group_id, i)) {
      return fail("leaf " + std::to_string(i) + " has an invalid signature");
    }
  }
  for (NodeIndex p = 1; p < tree.node_count(); p += 2) {
    const ParentNode* node = tree.parent_node(p);
    if (node == nullptr) continue;
    if (Result r = check_unmerged(tree, p, *node); !r) return r;
  }
  if (Result r = check_unique_keys(tree); !r) return r;
  if (!verify_parent_hashes(tree)) return fail("a parent node is not parent-hash valid");
  return {};
}

Result validate_joined_tree(const RatchetTreeState& tree, BytesView group_id, BytesView tree_hash) {
  if (tree.leaf_count() == 0) return fail("empty tree");
  const Bytes& actual = tree.tree_hash();
  if (!std::equal(actual.begin(), actual.end(), tree_hash.begin(), tree_hash.end())) {
    return fail("tree hash does not match the group context");
  }
  return validate_tree_structure(tree, group_id);
}

}  // namespace zt::mls
