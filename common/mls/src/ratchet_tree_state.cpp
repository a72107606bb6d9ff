// RatchetTreeState: shape, wire form and the Add/Update/Remove mutations.
#include "zt/mls/ratchet_tree_state.h"

#include <algorithm>
#include <string>

namespace zt::mls {

RatchetTreeState::RatchetTreeState(const crypto::SuiteAlgorithms& suite) : suite_(suite) {}

RatchetTreeState RatchetTreeState::from_wire(const crypto::SuiteAlgorithms& suite,
                                             RatchetTree nodes) {
  if (nodes.empty()) throw TreeError("ratchet tree is empty");
  if (!nodes.back().has_value()) throw TreeError("ratchet tree ends with a blank node");
  if (nodes.size() % 2 == 0) throw TreeError("ratchet tree has an even number of nodes");
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (!nodes[i]) continue;
    bool want_leaf = tree::is_leaf(static_cast<NodeIndex>(i));
    if ((nodes[i]->type() == NodeType::kLeaf) != want_leaf) {
      throw TreeError("ratchet tree node " + std::to_string(i) + " has the wrong node type");
    }
  }
  RatchetTreeState state(suite);
  uint32_t n_leaves = 1;
  while (tree::node_width(n_leaves) < nodes.size()) n_leaves *= 2;
  state.nodes_.reserve(tree::node_width(n_leaves));
  for (std::optional<Node>& n : nodes) {
    state.nodes_.push_back(n ? std::make_shared<Node>(std::move(*n)) : nullptr);
  }
  state.resize_to_leaves(n_leaves);
  return state;
}

RatchetTree RatchetTreeState::to_wire() const {
  size_t end = nodes_.size();
  while (end > 0 && !nodes_[end - 1]) --end;
  RatchetTree out;
  out.reserve(end);
  for (size_t i = 0; i < end; ++i) {
    out.push_back(nodes_[i] ? std::optional<Node>(*nodes_[i]) : std::nullopt);
  }
  return out;
}

uint32_t RatchetTreeState::member_count() const {
  uint32_t n = 0;
  for (LeafIndex i = 0; i < leaf_count_; ++i) n += leaf(i) != nullptr;
  return n;
}

const LeafNode* RatchetTreeState::leaf(LeafIndex i) const {
  NodeIndex x = tree::leaf_to_node(i);
  if (i >= leaf_count_ || !nodes_[x]) return nullptr;
  return std::get_if<LeafNode>(&nodes_[x]->value);
}

const ParentNode* RatchetTreeState::parent_node(NodeIndex x) const {
  if (x >= nodes_.size() || !nodes_[x]) return nullptr;
  return std::get_if<ParentNode>(&nodes_[x]->value);
}

BytesView RatchetTreeState::encryption_key(NodeIndex x) const {
  if (is_blank(x)) return {};
  return std::visit([](const auto& n) -> BytesView { return n.encryption_key; }, nodes_[x]->value);
}

void RatchetTreeState::resize_to_leaves(uint32_t n_leaves) {
  leaf_count_ = n_leaves;
  size_t width = tree::node_width(n_leaves);
  nodes_.resize(width);
  hashes_.resize(width);
  dirty_.assign(width, 1);  // a fresh shape: everything is rehashed once
}

void RatchetTreeState::extend() {
  if (leaf_count_ == 0) {
    resize_to_leaves(1);
    return;
  }
  // Doubling keeps every existing node at its index: the old tree becomes
  // the left subtree of the new root, so its cached hashes stay valid.
  leaf_count_ *= 2;
  size_t width = tree::node_width(leaf_count_);
  nodes_.resize(width);
  hashes_.resize(width);
  dirty_.resize(width, 1);
  mark_dirty(tree::root(leaf_count_));
}

Node& RatchetTreeState::own(NodeIndex x) {
  if (nodes_[x].use_count() != 1) nodes_[x] = std::make_shared<Node>(*nodes_[x]);
  return *nodes_[x];
}

void RatchetTreeState::mark_dirty(NodeIndex x) {
  dirty_[x] = 1;
  for (auto p = tree::parent(x, leaf_count_); p; p = tree::parent(*p, leaf_count_)) {
    dirty_[*p] = 1;
  }
}

void RatchetTreeState::set_leaf(LeafIndex i, LeafNode leaf) {
  if (i >= leaf_count_) throw TreeError("leaf index " + std::to_string(i) + " is outside the tree");
  NodeIndex x = tree::leaf_to_node(i);
  nodes_[x] = std::make_shared<Node>(Node{std::move(leaf)});
  mark_dirty(x);
}

void RatchetTreeState::set_parent(NodeIndex x, ParentNode node) {
  if (x >= nodes_.size() || tree::is_leaf(x)) throw TreeError("not a parent node index");
  nodes_[x] = std::make_shared<Node>(Node{std::move(node)});
  mark_dirty(x);
}

void RatchetTreeState::blank(NodeIndex x) {
  if (x >= nodes_.size()) throw TreeError("node index outside the tree");
  if (!nodes_[x]) return;
  nodes_[x].reset();
  mark_dirty(x);
}

void RatchetTreeState::blank_direct_path(LeafIndex i) {
  for (auto p = tree::parent(tree::leaf_to_node(i), leaf_count_); p;
       p = tree::parent(*p, leaf_count_)) {
    blank(*p);
  }
}

LeafIndex RatchetTreeState::add_leaf(LeafNode leaf) {
  LeafIndex i = 0;
  while (i < leaf_count_ && !is_blank(tree::leaf_to_node(i))) ++i;
  if (i == leaf_count_) extend();
  NodeIndex x = tree::leaf_to_node(i);
  for (auto p = tree::parent(x, leaf_count_); p; p = tree::parent(*p, leaf_count_)) {
    if (parent_node(*p) != nullptr)
      std::get<ParentNode>(own(*p).value).unmerged_leaves.push_back(i);
  }
  set_leaf(i, std::move(leaf));
  return i;
}

void RatchetTreeState::update_leaf(LeafIndex i, LeafNode leaf) {
  if (this->leaf(i) == nullptr) throw TreeError("update of blank leaf " + std::to_string(i));
  set_leaf(i, std::move(leaf));
  blank_direct_path(i);
}

void RatchetTreeState::remove_leaf(LeafIndex i) {
  if (leaf(i) == nullptr) throw TreeError("remove of blank leaf " + std::to_string(i));
  blank(tree::leaf_to_node(i));
  blank_direct_path(i);
  truncate();
}

void RatchetTreeState::truncate() {
  while (leaf_count_ > 1) {
    uint32_t half = leaf_count_ / 2;
    bool right_blank = true;
    for (LeafIndex i = half; i < leaf_count_ && right_blank; ++i) {
      right_blank = is_blank(tree::leaf_to_node(i));
    }
    if (!right_blank) break;
    // The left subtree keeps its indices and cached hashes.
    leaf_count_ = half;
    size_t width = tree::node_width(half);
    nodes_.resize(width);
    hashes_.resize(width);
    dirty_.resize(width);
  }
}

}  // namespace zt::mls
