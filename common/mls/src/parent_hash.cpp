// Parent hashes (RFC 9420 sections 7.9, 7.9.2).
#include "zt/mls/parent_hash.h"

#include <algorithm>
#include <iterator>
#include <optional>

#include "zt/base/parallel_for.h"
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

// D's parent hash is valid with respect to P only when resolution(C) minus
// D equals P's unmerged leaves under C (C the child of P on D's side). At
// most one node D of `res` qualifies: the one value left over when the
// unmerged leaves are taken out of the resolution (as multisets). Linear
// after sorting, so a wide resolution costs no quadratic work.
std::optional<NodeIndex> only_candidate(std::vector<NodeIndex> res, const ParentNode& p,
                                        NodeIndex c) {
  std::vector<NodeIndex> unmerged;
  for (LeafIndex u : p.unmerged_leaves) {
    if (in_subtree(c, u)) unmerged.push_back(tree::leaf_to_node(u));
  }
  std::sort(res.begin(), res.end());
  std::sort(unmerged.begin(), unmerged.end());
  if (!std::includes(res.begin(), res.end(), unmerged.begin(), unmerged.end())) return std::nullopt;
  std::vector<NodeIndex> extra;
  std::set_difference(res.begin(), res.end(), unmerged.begin(), unmerged.end(),
                      std::back_inserter(extra));
  if (extra.empty() || extra.front() != extra.back()) return std::nullopt;  // sorted: all equal
  if (std::binary_search(unmerged.begin(), unmerged.end(), extra.front())) return std::nullopt;
  return extra.front();
}

// Number of descendants of P on the side of child C whose parent hash is
// valid with respect to P.
int count_valid_on_side(const RatchetTreeState& tree, const ParentNode& node, NodeIndex c,
                        NodeIndex s) {
  std::vector<NodeIndex> res = tree.resolution(c);
  const std::optional<NodeIndex> candidate = only_candidate(res, node, c);
  if (!candidate) return 0;
  const Bytes* field = parent_hash_field(tree, *candidate);
  if (field == nullptr) return 0;
  Bytes sibling = tree.tree_hash_without(s, node.unmerged_leaves);
  if (*field != parent_hash(tree.suite(), node.encryption_key, node.parent_hash, sibling)) return 0;
  return static_cast<int>(std::count(res.begin(), res.end(), *candidate));
}

bool parent_hash_valid(const RatchetTreeState& tree, NodeIndex p) {
  const ParentNode* node = tree.parent_node(p);
  if (node == nullptr) return true;
  NodeIndex left = *tree::left(p);
  NodeIndex right = *tree::right(p);
  return count_valid_on_side(tree, *node, left, right) +
             count_valid_on_side(tree, *node, right, left) ==
         1;
}

}  // namespace

Bytes parent_hash(const crypto::SuiteAlgorithms& suite, BytesView encryption_key,
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
  // With the hash cache filled the checks only read the tree, so parent
  // nodes are checked in parallel.
  tree.fill_hash_cache();
  const size_t parents = tree.node_count() / 2;
  std::vector<uint8_t> valid(parents, 0);
  parallel_for(parents, [&](size_t k) {
    valid[k] = parent_hash_valid(tree, static_cast<NodeIndex>(2 * k + 1)) ? 1 : 0;
  });
  return std::all_of(valid.begin(), valid.end(), [](uint8_t v) { return v != 0; });
}

}  // namespace zt::mls
