// The public ratchet tree of a group (RFC 9420 sections 4, 7): an array of
// optional nodes in the array representation of Appendix C, always full
// (2^d leaves), with tree hashes cached per node. A mutation marks the
// changed node and its ancestors dirty, so the next tree_hash() rehashes
// only those (a commit touches log2(n) nodes, not the whole tree).
// Nodes and cached hashes are shared, immutable, between copies
// (copy-on-write): staging a commit copies one pointer per node, and only
// the nodes the commit changes are built anew.
//
// Errors: malformed input trees and impossible operations throw TreeError.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/crypto/cipher_suite.h"
#include "zt/mls/error.h"
#include "zt/mls/ratchet_tree.h"
#include "zt/mls/tree_math.h"

namespace zt::mls {

using tree::LeafIndex;
using tree::NodeIndex;

// A ratchet tree that is malformed, or an operation the tree cannot take.
// Messages name indices and rules, never key material.
class TreeError : public Error {
 public:
  explicit TreeError(const std::string& what) : Error(ErrorCategory::kTree, what) {}
};

class RatchetTreeState {
 public:
  // An empty tree (no leaves) hashing with `suite`.
  explicit RatchetTreeState(const crypto::SuiteAlgorithms& suite);

  // The tree from its ratchet_tree extension form: the last node must be
  // non-blank; the array is extended with blanks to 2^(d+1)-1 nodes. Checks
  // that leaves sit at even and parents at odd indices.
  static RatchetTreeState from_wire(const crypto::SuiteAlgorithms& suite, RatchetTree nodes);
  // The ratchet_tree extension form: trailing blank nodes omitted.
  RatchetTree to_wire() const;

  const crypto::SuiteAlgorithms& suite() const { return suite_; }
  uint32_t leaf_count() const { return leaf_count_; }  // width, a power of two (or 0)
  uint32_t node_count() const { return static_cast<uint32_t>(nodes_.size()); }
  NodeIndex root() const { return tree::root(leaf_count_); }
  uint32_t member_count() const;  // non-blank leaves

  bool is_blank(NodeIndex x) const { return x >= nodes_.size() || nodes_[x] == nullptr; }
  // nullptr when blank or out of range.
  const Node* node(NodeIndex x) const { return x < nodes_.size() ? nodes_[x].get() : nullptr; }
  // nullptr when blank or out of range.
  const LeafNode* leaf(LeafIndex i) const;
  const ParentNode* parent_node(NodeIndex x) const;
  // The HPKE public key of a non-blank node (empty view if blank).
  BytesView encryption_key(NodeIndex x) const;

  // ---- mutations (each keeps the hash cache consistent) ----
  // Add (section 12.1.1): leftmost blank leaf or a new one after extending;
  // the index joins unmerged_leaves of each non-blank parent above it.
  LeafIndex add_leaf(LeafNode leaf);
  // Update (12.1.2): replace the leaf and blank its direct path.
  void update_leaf(LeafIndex i, LeafNode leaf);
  // Remove (12.1.3): blank the leaf and its direct path, then truncate.
  void remove_leaf(LeafIndex i);
  // Replace a leaf in place (the direct path is left alone).
  void set_leaf(LeafIndex i, LeafNode leaf);
  void set_parent(NodeIndex x, ParentNode node);
  void blank(NodeIndex x);
  void blank_direct_path(LeafIndex i);
  // Drops the right half while it holds no non-blank leaf.
  void truncate();

  // ---- resolution (section 4.1.1) ----
  // Appends the resolution of x to `out` (no clearing), skipping the leaves
  // listed in `excluded` (new members of the current commit).
  void append_resolution(NodeIndex x, std::vector<NodeIndex>& out,
                         const std::vector<LeafIndex>& excluded = {}) const;
  std::vector<NodeIndex> resolution(NodeIndex x) const;
  bool resolution_empty(NodeIndex x) const;
  // The filtered direct path of leaf i (4.1.2) and, at the same positions,
  // the copath child of each of its nodes.
  struct FilteredPath {
    std::vector<NodeIndex> nodes;
    std::vector<NodeIndex> copath_children;
  };
  FilteredPath filtered_direct_path(LeafIndex i) const;

  // ---- tree hashes (section 7.8), cached ----
  const Bytes& tree_hash() const;  // of the root; empty for an empty tree
  const Bytes& tree_hash(NodeIndex x) const;
  // Tree hash of x with the leaves in `blanked` blanked and removed from
  // every unmerged_leaves list (the original sibling tree hash of 7.9).
  Bytes tree_hash_without(NodeIndex x, const std::vector<LeafIndex>& blanked) const;
  // Forgets every cached hash (the next tree_hash() hashes the whole tree).
  void clear_hash_cache() const { dirty_.assign(dirty_.size(), 1); }
  // Brings every cached hash up to date, hashing independent subtrees on up
  // to `max_threads` threads (0: every core). Afterwards tree_hash() and
  // tree_hash_without() only read the tree, so they may be called from
  // several threads at once until the next mutation.
  void fill_hash_cache(size_t max_threads = 0) const;
  // The cached hashes by node (empty where none is cached), for the client
  // state, and taking such a list back (false, and nothing taken, when it
  // does not fit this tree: another node count or hash size).
  std::vector<Bytes> cached_hashes() const;
  bool adopt_cached_hashes(std::vector<Bytes> hashes);
  // Node hashes computed so far (tests check that the cache is used).
  uint64_t hash_computations() const { return hash_computations_; }

 private:
  void mark_dirty(NodeIndex x);
  // The node at x as a private copy this tree may change (x non-blank).
  Node& own(NodeIndex x);
  void extend();
  void resize_to_leaves(uint32_t n_leaves);
  // Rehashes the dirty nodes under x (children first); `scratch` is the
  // hash-input buffer, `computed` counts the nodes hashed.
  const Bytes& hash_subtree(NodeIndex x, Bytes& scratch, uint64_t& computed) const;
  void hash_leaf(NodeIndex x, Bytes& scratch, Bytes& out) const;
  void hash_parent(NodeIndex x, BytesView left, BytesView right, Bytes& scratch, Bytes& out) const;

  crypto::SuiteAlgorithms suite_;
  uint32_t leaf_count_ = 0;
  // nullptr = blank. A node shared with another copy is never changed:
  // own() gives this tree its private copy first.
  std::vector<std::shared_ptr<Node>> nodes_;
  mutable std::vector<std::shared_ptr<const Bytes>> hashes_;
  mutable std::vector<uint8_t> dirty_;
  mutable Bytes scratch_;  // reused hash-input buffer of single-threaded hashing
  mutable uint64_t hash_computations_ = 0;
};

}  // namespace zt::mls
