// tree-operations: apply one Add / Update / Remove proposal to a tree and
// compare the resulting tree and both tree hashes.
#include <string>

#include "zt/crypto/cipher_suite.h"
#include "zt/mls/proposal.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {
namespace {

Bytes hex_field(const nlohmann::json& v, const char* name) {
  return from_hex(v.at(name).get<std::string>());
}

// Applies `proposal` from `sender`; returns an error text or "".
std::string apply(mls::RatchetTreeState& tree, const mls::Proposal& proposal, uint32_t sender) {
  if (const auto* add = std::get_if<mls::Add>(&proposal.value)) {
    tree.add_leaf(add->key_package.leaf_node);
  } else if (const auto* update = std::get_if<mls::Update>(&proposal.value)) {
    tree.update_leaf(sender, update->leaf_node);
  } else if (const auto* remove = std::get_if<mls::Remove>(&proposal.value)) {
    tree.remove_leaf(remove->removed);
  } else {
    return "proposal is not add, update or remove";
  }
  return {};
}

}  // namespace

VectorResult check_tree_operations(const nlohmann::json& v) {
  auto suite = crypto::find_suite_algorithms(v.at("cipher_suite").get<uint16_t>());
  if (!suite) return VectorResult::fail("unknown cipher suite");
  auto before = mls::decode<mls::RatchetTree>(hex_field(v, "tree_before"));
  if (!before) return VectorResult::fail("tree_before: " + before.error().to_string());
  auto proposal = mls::decode<mls::Proposal>(hex_field(v, "proposal"));
  if (!proposal) return VectorResult::fail("proposal: " + proposal.error().to_string());

  auto tree = mls::RatchetTreeState::from_wire(*suite, std::move(*before));
  if (tree.tree_hash() != hex_field(v, "tree_hash_before")) {
    return VectorResult::fail("tree_hash_before differs");
  }
  if (std::string err = apply(tree, *proposal, v.at("proposal_sender").get<uint32_t>()); !err.empty()) {
    return VectorResult::fail(err);
  }
  if (mls::encode(tree.to_wire()) != hex_field(v, "tree_after")) {
    return VectorResult::fail("tree_after differs");
  }
  if (tree.tree_hash() != hex_field(v, "tree_hash_after")) {
    return VectorResult::fail("tree_hash_after differs");
  }
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
