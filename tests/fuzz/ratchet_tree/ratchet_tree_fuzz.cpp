// Fuzzes loading a ratchet tree (the ratchet_tree extension / out-of-band
// tree a joiner receives) and the join-time tree validation, suite 1.
// Input: one byte n, then n bytes of group_id, then the TLS-encoded tree.
//
// Properties: a tree that decodes either is refused by from_wire with a
// TreeError or loads and re-serializes to the same bytes; the validators
// return (never throw), and validate_joined_tree with the tree's own hash
// agrees with validate_tree_structure and refuses any other hash; the hash
// cache agrees with a full rehash, also after removing a member.
#include <cstdint>
#include <cstdlib>

#include "zt/crypto/cipher_suite.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/tree_validation.h"

namespace {

using namespace zt::mls;

const zt::crypto::SuiteAlgorithms& suite1() {
  return zt::crypto::suite_algorithms(zt::crypto::CipherSuiteId::kX25519Aes128GcmSha256Ed25519);
}

void check_removal(const RatchetTreeState& loaded) {
  if (loaded.member_count() < 2) return;
  RatchetTreeState tree = loaded;
  LeafIndex first{0};
  while (tree.leaf(first) == nullptr) first = LeafIndex{first + 1};
  try {
    tree.remove_leaf(first);
  } catch (const TreeError&) {
    return;
  }
  if (tree.leaf(first) != nullptr || tree.member_count() != loaded.member_count() - 1) std::abort();
  zt::Bytes cached = tree.tree_hash();
  RatchetTreeState fresh = RatchetTreeState::from_wire(suite1(), tree.to_wire());
  if (fresh.tree_hash() != cached) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  size_t id_len = data[0];
  if (size < 1 + id_len) return 0;
  zt::BytesView group_id(data + 1, id_len);
  zt::BytesView wire(data + 1 + id_len, size - 1 - id_len);

  auto nodes = decode<RatchetTree>(wire);
  if (!nodes) return 0;
  std::optional<RatchetTreeState> tree;
  try {
    tree.emplace(RatchetTreeState::from_wire(suite1(), std::move(*nodes)));
  } catch (const TreeError&) {
    return 0;
  }
  zt::Bytes again = encode(tree->to_wire());
  if (!std::equal(again.begin(), again.end(), wire.begin(), wire.end())) std::abort();
  if (tree->member_count() > tree->leaf_count()) std::abort();
  for (NodeIndex x : tree->resolution(tree->root())) {
    if (tree->is_blank(x)) std::abort();
  }

  zt::Bytes hash = tree->tree_hash();
  auto structure = validate_tree_structure(*tree, group_id);
  auto joined = validate_joined_tree(*tree, group_id, hash);
  if (structure.has_value() != joined.has_value()) std::abort();
  zt::Bytes wrong = hash;
  wrong.push_back(0);
  if (validate_joined_tree(*tree, group_id, wrong).has_value()) std::abort();

  tree->clear_hash_cache();
  if (tree->tree_hash() != hash) std::abort();
  if (structure.has_value()) check_removal(*tree);
  return 0;
}
