// Parent hashes (RFC 9420 section 7.9): computing them along an UpdatePath
// and verifying that every non-blank parent node of a tree is parent-hash
// valid (7.9.2), as a joiner must.
#pragma once

#include <vector>

#include "zt/mls/ratchet_tree_state.h"

namespace zt::mls {

// Hash(ParentHashInput{encryption_key, parent_hash, sibling_tree_hash}).
Bytes parent_hash(const crypto::SuiteAlgorithms& suite, BytesView encryption_key,
                  BytesView parent_hash_field, BytesView original_sibling_tree_hash);

// For an UpdatePath over `path` (the sender's filtered direct path in
// `tree`): fills nodes[k].parent_hash for every new parent node (nodes[k]
// goes to path.nodes[k] and has its encryption_key set), from the root
// down, and returns the parent hash the sender's leaf must carry.
Bytes chain_parent_hashes(const RatchetTreeState& tree,
                          const RatchetTreeState::FilteredPath& path,
                          std::vector<ParentNode>& nodes);

// The parent_hash field of a node: a ParentNode's, or a commit-sourced
// LeafNode's; nullptr for any other node.
const Bytes* parent_hash_field(const RatchetTreeState& tree, NodeIndex x);

// True if each non-blank parent node has exactly one descendant whose
// parent hash is valid with respect to it (the "top down" check).
bool verify_parent_hashes(const RatchetTreeState& tree);

}  // namespace zt::mls
