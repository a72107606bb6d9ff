// tree-validation: per-node resolutions and tree hashes, then the joiner's
// checks (parent hashes, leaf signatures with the group id).
#include <string>

#include "zt/crypto/cipher_suite.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls/tree_validation.h"
#include "zt/mls_vectors/registry.h"

namespace zt::mls_vectors {

VectorResult check_tree_validation(const nlohmann::json& v) {
  auto suite = crypto::find_suite_algorithms(v.at("cipher_suite").get<uint16_t>());
  if (!suite) return VectorResult::fail("unknown cipher suite");
  auto nodes = mls::decode<mls::RatchetTree>(from_hex(v.at("tree").get<std::string>()));
  if (!nodes) return VectorResult::fail("tree: " + nodes.error().to_string());
  auto tree = mls::RatchetTreeState::from_wire(*suite, std::move(*nodes));

  const auto& resolutions = v.at("resolutions");
  const auto& hashes = v.at("tree_hashes");
  if (resolutions.size() != tree.node_count() || hashes.size() != tree.node_count()) {
    return VectorResult::fail("node count differs: " + std::to_string(tree.node_count()));
  }
  for (mls::NodeIndex x = 0; x < tree.node_count(); ++x) {
    if (tree.resolution(x) != resolutions[x].get<std::vector<mls::NodeIndex>>()) {
      return VectorResult::fail("resolution of node " + std::to_string(x) + " differs");
    }
    if (tree.tree_hash(x) != from_hex(hashes[x].get<std::string>())) {
      return VectorResult::fail("tree hash of node " + std::to_string(x) + " differs");
    }
  }
  auto valid = mls::validate_tree_structure(tree, from_hex(v.at("group_id").get<std::string>()));
  if (!valid) return VectorResult::fail(valid.error());
  return VectorResult::pass();
}

}  // namespace zt::mls_vectors
