// Ratchet tree nodes (RFC 9420 sections 7.1, 7.8, 7.9, 12.4.3.3): ParentNode,
// Node, the ratchet_tree extension payload, and the tree/parent hash inputs.
#pragma once

#include <optional>
#include <variant>
#include <vector>

#include "zt/mls/leaf_node.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct ParentNode {
  static constexpr NodeType kSelectTag = NodeType::kParent;  // in Node
  HpkePublicKey encryption_key;
  Bytes parent_hash;
  std::vector<uint32_t> unmerged_leaves;  // sorted leaf indices
  ZT_TLS_FIELDS(encryption_key, parent_hash, unmerged_leaves)
  bool operator==(const ParentNode&) const = default;
};

struct Node {
  std::variant<LeafNode, ParentNode> value;
  ZT_TLS_FIELDS(value)
  bool operator==(const Node&) const = default;

  NodeType type() const { return value.index() == 0 ? NodeType::kLeaf : NodeType::kParent; }
};

// optional<Node> ratchet_tree<V>: node i of the array representation, or
// nullopt for a blank node.
using RatchetTree = std::vector<std::optional<Node>>;

struct LeafNodeHashInput {
  static constexpr NodeType kSelectTag = NodeType::kLeaf;  // in TreeHashInput
  uint32_t leaf_index = 0;
  std::optional<LeafNode> leaf_node;
  ZT_TLS_FIELDS(leaf_index, leaf_node)
  bool operator==(const LeafNodeHashInput&) const = default;
};

struct ParentNodeHashInput {
  static constexpr NodeType kSelectTag = NodeType::kParent;  // in TreeHashInput
  std::optional<ParentNode> parent_node;
  Bytes left_hash;
  Bytes right_hash;
  ZT_TLS_FIELDS(parent_node, left_hash, right_hash)
  bool operator==(const ParentNodeHashInput&) const = default;
};

struct TreeHashInput {
  std::variant<LeafNodeHashInput, ParentNodeHashInput> value;
  ZT_TLS_FIELDS(value)
  bool operator==(const TreeHashInput&) const = default;
};

struct ParentHashInput {
  HpkePublicKey encryption_key;
  Bytes parent_hash;
  Bytes original_sibling_tree_hash;
  ZT_TLS_FIELDS(encryption_key, parent_hash, original_sibling_tree_hash)
  bool operator==(const ParentHashInput&) const = default;
};

}  // namespace zt::mls
