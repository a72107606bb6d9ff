// Signing and verifying a LeafNode (RFC 9420 section 7.2): SignWithLabel
// over LeafNodeTBS with the label "LeafNodeTBS".
#pragma once

#include <span>
#include <vector>

#include "zt/crypto/cipher_suite.h"
#include "zt/mls/leaf_node.h"

namespace zt::mls {

// Sets leaf.signature. `group_id` / `leaf_index` bind update and commit
// leaves to their group position (ignored for key_package leaves).
void sign_leaf_node(const crypto::SuiteAlgorithms& suite, LeafNode& leaf,
                    BytesView signature_private_key, BytesView group_id, uint32_t leaf_index);

bool verify_leaf_node_signature(const crypto::SuiteAlgorithms& suite, const LeafNode& leaf,
                                BytesView group_id, uint32_t leaf_index);

// verify_leaf_node_signature for leaves[k] at leaf index first_index + k, in
// one crypto::verify_batch call (Ed25519: one batch equation); a null leaf
// (blank) is reported true.
std::vector<bool> verify_leaf_node_signatures(const crypto::SuiteAlgorithms& suite,
                                              std::span<const LeafNode* const> leaves,
                                              BytesView group_id, uint32_t first_index);

}  // namespace zt::mls
