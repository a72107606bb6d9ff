// Resolution and filtered direct path (RFC 9420 sections 4.1.1, 4.1.2).
#include <algorithm>

#include "zt/mls/ratchet_tree_state.h"

namespace zt::mls {
namespace {

bool contains(const std::vector<LeafIndex>& list, LeafIndex i) {
  return std::find(list.begin(), list.end(), i) != list.end();
}

}  // namespace

void RatchetTreeState::append_resolution(NodeIndex x, std::vector<NodeIndex>& out,
                                         const std::vector<LeafIndex>& excluded) const {
  if (x >= nodes_.size()) return;
  if (tree::is_leaf(x)) {
    if (nodes_[x] && !contains(excluded, tree::node_to_leaf(x))) out.push_back(x);
    return;
  }
  if (const ParentNode* p = parent_node(x)) {
    out.push_back(x);
    for (LeafIndex u : p->unmerged_leaves) {
      if (!contains(excluded, u)) out.push_back(tree::leaf_to_node(u));
    }
    return;
  }
  append_resolution(*tree::left(x), out, excluded);
  append_resolution(*tree::right(x), out, excluded);
}

std::vector<NodeIndex> RatchetTreeState::resolution(NodeIndex x) const {
  std::vector<NodeIndex> out;
  append_resolution(x, out);
  return out;
}

bool RatchetTreeState::resolution_empty(NodeIndex x) const {
  if (x >= nodes_.size()) return true;
  if (nodes_[x]) return false;
  if (tree::is_leaf(x)) return true;
  return resolution_empty(*tree::left(x)) && resolution_empty(*tree::right(x));
}

RatchetTreeState::FilteredPath RatchetTreeState::filtered_direct_path(LeafIndex i) const {
  FilteredPath out;
  NodeIndex child = tree::leaf_to_node(i);
  for (auto p = tree::parent(child, leaf_count_); p; p = tree::parent(*p, leaf_count_)) {
    NodeIndex sibling = *tree::left(*p) == child ? *tree::right(*p) : *tree::left(*p);
    if (!resolution_empty(sibling)) {
      out.nodes.push_back(*p);
      out.copath_children.push_back(sibling);
    }
    child = *p;
  }
  return out;
}

}  // namespace zt::mls
