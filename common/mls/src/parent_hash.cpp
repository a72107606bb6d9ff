// Parent hashes (RFC 9420 sections 7.9, 7.9.2).
#include "zt/mls/parent_hash.h"

#include <algorithm>

#include "zt/crypto/hash.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {
namespace {

// Leaves [first, last] under node x.
bool in_subtree(NodeIndex x, LeafIndex leaf) {
  uint32_t half = (1u << tree::level(x)) - 1;
  NodeIndex n = tree::leaf_to_node(leaf);
  return n + half >= x && n <= x + half;
}

// D's parent hash is valid with respect to P, when C (a child of P) is the
// child on D's side: resolution(C) minus D equals P's unmerged leaves
// under C.
bool resolution_matches(const std::vector<NodeIndex>& res, NodeIndex d, const ParentNode& p, NodeIndex c) {
  std::vector<NodeIndex> unmerged;
  for (LeafIndex u : p.unmerged_leaves) {
    if (in_subtree(c, u)) unmerged.push_back(tree::leaf_to_node(u));
  }
  std::vector<NodeIndex> rest;
  for (NodeIndex r : res) {
    if (r != d) rest.push_back(r);
  }
  std::sort(unmerged.begin(), unmerged.end());
  std::sort(rest.begin(), rest.end());
  return unmerged == rest;
}

// Number of descendants of P on the side of child C whose parent hash is
// valid with respect to P.
int count_valid_on_side(const RatchetTreeState& tree, const ParentNode& node,
                        NodeIndex c, NodeIndex s) {
  std::vector<NodeIndex> res = tree.resolution(c);
  Bytes expected;
  int count = 0;
  for (NodeIndex d : res) {
    const Bytes* field = parent_hash_field(tree, d);
    if (field == nullptr || !resolution_matches(res, d, node, c)) continue;
    if (expected.empty()) {
      Bytes sibling = tree.tree_hash_without(s, node.unmerged_leaves);
      expected = parent_hash(tree.suite(), node.encryption_key, node.parent_hash, sibling);
    }
    if (*field == expected) ++count;
  }
  return count;
}

}  // namespace

Bytes parent_hash(const crypto::CipherSuite& suite, BytesView encryption_key,
                  BytesView parent_hash_field, BytesView original_sibling_tree_hash) {
  Bytes input;
  Writer w(input);
  w.opaque(encryption_key);
  w.opaque(parent_hash_field);
  w.opaque(original_sibling_tree_hash);
  return crypto::hash(suite.hash, input);
}

Bytes chain_parent_hashes(const RatchetTreeState& tree, const RatchetTreeState::FilteredPath& path,
                          std::vector<ParentNode>& nodes) {
  Bytes above;  // the root's parent_hash is empty
  for (size_t k = path.nodes.size(); k-- > 0;) {
    nodes[k].parent_hash = std::move(above);
    // The new node has no unmerged leaves: the original sibling tree hash
    // is the current tree hash of the copath child.
    above = parent_hash(tree.suite(), nodes[k].encryption_key, nodes[k].parent_hash,
                        tree.tree_hash(path.copath_children[k]));
  }
  return above;
}

const Bytes* parent_hash_field(const RatchetTreeState& tree, NodeIndex x) {
  if (tree::is_leaf(x)) {
    const LeafNode* leaf = tree.leaf(tree::node_to_leaf(x));
    if (leaf == nullptr) return nullptr;
    const auto* commit = std::get_if<CommitLeafSource>(&leaf->source);
    return commit != nullptr ? &commit->parent_hash : nullptr;
  }
  const ParentNode* parent = tree.parent_node(x);
  return parent != nullptr ? &parent->parent_hash : nullptr;
}

bool verify_parent_hashes(const RatchetTreeState& tree) {
  for (NodeIndex p = 1; p < tree.node_count(); p += 2) {
    const ParentNode* node = tree.parent_node(p);
    if (node == nullptr) continue;
    NodeIndex left = *tree::left(p);
    NodeIndex right = *tree::right(p);
    int valid = count_valid_on_side(tree, *node, left, right) +
                count_valid_on_side(tree, *node, right, left);
    if (valid != 1) return false;
  }
  return true;
}

}  // namespace zt::mls
