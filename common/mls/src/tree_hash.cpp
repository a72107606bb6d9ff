// Tree hashes (RFC 9420 section 7.8) with a per-node cache: only nodes
// marked dirty since the last call are rehashed, children before parents.
#include <algorithm>
#include <atomic>

#include "zt/base/parallel_for.h"
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

void RatchetTreeState::hash_leaf(NodeIndex x, Bytes& scratch, Bytes& out) const {
  scratch.clear();
  Writer w(scratch);
  w.u8(static_cast<uint8_t>(NodeType::kLeaf));
  w.u32(tree::node_to_leaf(x));
  const LeafNode* node = leaf(tree::node_to_leaf(x));
  w.u8(node != nullptr ? 1 : 0);
  if (node != nullptr) tls_write(w, *node);
  out = crypto::hash(suite_.hash, scratch);
}

void RatchetTreeState::hash_parent(NodeIndex x, BytesView left, BytesView right, Bytes& scratch,
                                   Bytes& out) const {
  scratch.clear();
  Writer w(scratch);
  write_parent_input(w, parent_node(x), left, right);
  out = crypto::hash(suite_.hash, scratch);
}

const Bytes& RatchetTreeState::tree_hash() const {
  static const Bytes kEmpty;
  if (leaf_count_ == 0) return kEmpty;
  return tree_hash(root());
}

const Bytes& RatchetTreeState::tree_hash(NodeIndex x) const {
  if (x >= nodes_.size()) throw TreeError("tree hash of a node outside the tree");
  return hash_subtree(x, scratch_, hash_computations_);
}

const Bytes& RatchetTreeState::hash_subtree(NodeIndex x, Bytes& scratch, uint64_t& computed) const {
  if (!dirty_[x]) return *hashes_[x];
  // A new hash object: the old one may be shared with copies of the tree.
  auto hash = std::make_shared<Bytes>();
  if (tree::is_leaf(x)) {
    hash_leaf(x, scratch, *hash);
  } else {
    const Bytes& left = hash_subtree(*tree::left(x), scratch, computed);
    const Bytes& right = hash_subtree(*tree::right(x), scratch, computed);
    hash_parent(x, left, right, scratch, *hash);
  }
  hashes_[x] = std::move(hash);
  dirty_[x] = 0;
  ++computed;
  return *hashes_[x];
}

void RatchetTreeState::fill_hash_cache(size_t max_threads) const {
  if (leaf_count_ == 0) return;
  // Subtrees a few levels below the root, several per thread so uneven
  // subtrees still balance; each writes only its own nodes' cache slots.
  constexpr uint32_t kSplitLevels = 3;
  const uint32_t root_level = tree::level(root());
  const uint32_t level = root_level > kSplitLevels ? root_level - kSplitLevels : 0;
  const uint32_t span = 1u << (level + 1);  // distance between subtree roots at `level`
  const NodeIndex first = (1u << level) - 1;
  const size_t subtrees = leaf_count_ >> level;
  std::atomic<uint64_t> computed{0};
  parallel_for(
      subtrees,
      [&](size_t k) {
        Bytes scratch;
        uint64_t n = 0;
        hash_subtree(static_cast<NodeIndex>(first + k * span), scratch, n);
        computed.fetch_add(n, std::memory_order_relaxed);
      },
      max_threads);
  hash_computations_ += computed.load();
  (void)tree_hash();  // the few nodes above the subtrees
}

std::vector<Bytes> RatchetTreeState::cached_hashes() const {
  std::vector<Bytes> out(nodes_.size());
  for (size_t x = 0; x < nodes_.size(); ++x) {
    if (!dirty_[x]) out[x] = *hashes_[x];
  }
  return out;
}

bool RatchetTreeState::adopt_cached_hashes(std::vector<Bytes> hashes) {
  const size_t nh = suite_.nh;
  if (hashes.size() != nodes_.size()) return false;
  for (const Bytes& h : hashes) {
    if (!h.empty() && h.size() != nh) return false;
  }
  for (size_t x = 0; x < hashes.size(); ++x) {
    if (hashes[x].empty()) continue;
    hashes_[x] = std::make_shared<Bytes>(std::move(hashes[x]));
    dirty_[x] = 0;
  }
  return true;
}

Bytes RatchetTreeState::tree_hash_without(NodeIndex x,
                                          const std::vector<LeafIndex>& blanked) const {
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
