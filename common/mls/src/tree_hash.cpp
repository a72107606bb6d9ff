// Tree hashes (RFC 9420 section 7.8) with a per-node cache: only nodes
// marked dirty since the last call are rehashed, children before parents.
#include <algorithm>

#include "zt/crypto/hash.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {
namespace {

// Leaves [first, last] under node x.
std::pair<LeafIndex, LeafIndex> leaf_span(NodeIndex x) {
  uint32_t half = (1u << tree::level(x)) - 1;
  return {(x - half) / 2, (x + half) / 2};
}

bool any_in_span(const std::vector<LeafIndex>& leaves, NodeIndex x) {
  const auto span = leaf_span(x);
  return std::any_of(leaves.begin(), leaves.end(),
                     [&](LeafIndex i) { return i >= span.first && i <= span.second; });
}

void write_parent_input(Writer& w, const ParentNode* parent, BytesView left, BytesView right) {
  w.u8(static_cast<uint8_t>(NodeType::kParent));
  w.u8(parent != nullptr ? 1 : 0);
  if (parent != nullptr) tls_write(w, *parent);
  w.opaque(left);
  w.opaque(right);
}

}  // namespace

void RatchetTreeState::hash_leaf(NodeIndex x, Bytes& out) const {
  scratch_.clear();
  Writer w(scratch_);
  w.u8(static_cast<uint8_t>(NodeType::kLeaf));
  w.u32(tree::node_to_leaf(x));
  const LeafNode* node = leaf(tree::node_to_leaf(x));
  w.u8(node != nullptr ? 1 : 0);
  if (node != nullptr) tls_write(w, *node);
  out = crypto::hash(suite_.hash, scratch_);
}

void RatchetTreeState::hash_parent(NodeIndex x, BytesView left, BytesView right, Bytes& out) const {
  scratch_.clear();
  Writer w(scratch_);
  write_parent_input(w, parent_node(x), left, right);
  out = crypto::hash(suite_.hash, scratch_);
}

const Bytes& RatchetTreeState::tree_hash() const {
  static const Bytes kEmpty;
  if (leaf_count_ == 0) return kEmpty;
  return tree_hash(root());
}

const Bytes& RatchetTreeState::tree_hash(NodeIndex x) const {
  if (x >= nodes_.size()) throw TreeError("tree hash of a node outside the tree");
  if (!dirty_[x]) return hashes_[x];
  if (tree::is_leaf(x)) {
    hash_leaf(x, hashes_[x]);
  } else {
    const Bytes& left = tree_hash(*tree::left(x));
    const Bytes& right = tree_hash(*tree::right(x));
    hash_parent(x, left, right, hashes_[x]);
  }
  dirty_[x] = 0;
  ++hash_computations_;
  return hashes_[x];
}

Bytes RatchetTreeState::tree_hash_without(NodeIndex x, const std::vector<LeafIndex>& blanked) const {
  if (!any_in_span(blanked, x)) return tree_hash(x);
  Bytes input;
  Writer w(input);
  if (tree::is_leaf(x)) {
    // The only leaf in the span is x itself, and it is blanked.
    w.u8(static_cast<uint8_t>(NodeType::kLeaf));
    w.u32(tree::node_to_leaf(x));
    w.u8(0);
    return crypto::hash(suite_.hash, input);
  }
  Bytes left = tree_hash_without(*tree::left(x), blanked);
  Bytes right = tree_hash_without(*tree::right(x), blanked);
  const ParentNode* parent = parent_node(x);
  if (parent == nullptr) {
    write_parent_input(w, nullptr, left, right);
  } else {
    ParentNode trimmed = *parent;
    std::erase_if(trimmed.unmerged_leaves, [&](LeafIndex i) {
      return std::find(blanked.begin(), blanked.end(), i) != blanked.end();
    });
    write_parent_input(w, &trimmed, left, right);
  }
  return crypto::hash(suite_.hash, input);
}

}  // namespace zt::mls
