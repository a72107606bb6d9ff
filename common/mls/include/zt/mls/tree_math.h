// Array-based tree math (RFC 9420 Appendix C). Leaves are even node indices
// (leaf i at node 2i); a tree of n leaves (n a power of two in MLS) has
// 2n-1 nodes. Functions that have no answer for some input (the children of
// a leaf, the parent of the root, a node outside the tree) return nullopt,
// so indices taken from the wire can be passed in safely.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace zt::mls::tree {

using NodeIndex = uint32_t;
using LeafIndex = uint32_t;

constexpr NodeIndex leaf_to_node(LeafIndex leaf) { return 2 * leaf; }
constexpr LeafIndex node_to_leaf(NodeIndex node) { return node / 2; }
constexpr bool is_leaf(NodeIndex node) { return (node & 1) == 0; }

// floor(log2(x)), 0 for x == 0.
uint32_t log2(uint32_t x);
// Leaves are level 0; a parent is one above its children.
uint32_t level(NodeIndex x);
// Number of nodes of a tree with n leaves: 2(n-1)+1, or 0.
uint32_t node_width(uint32_t n_leaves);
NodeIndex root(uint32_t n_leaves);

std::optional<NodeIndex> left(NodeIndex x);
std::optional<NodeIndex> right(NodeIndex x);
std::optional<NodeIndex> parent(NodeIndex x, uint32_t n_leaves);
std::optional<NodeIndex> sibling(NodeIndex x, uint32_t n_leaves);

// From x's parent up to the root; empty for the root or a node outside the tree.
std::vector<NodeIndex> direct_path(NodeIndex x, uint32_t n_leaves);
// The siblings of x and of each node of its direct path but the root.
std::vector<NodeIndex> copath(NodeIndex x, uint32_t n_leaves);
// The lowest node whose subtree holds both x and y.
NodeIndex common_ancestor(NodeIndex x, NodeIndex y);

}  // namespace zt::mls::tree
