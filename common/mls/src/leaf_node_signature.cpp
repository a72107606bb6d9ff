#include "zt/mls/leaf_node_signature.h"

#include "zt/crypto/signature_batch.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {
namespace {

constexpr std::string_view kLabel = "LeafNodeTBS";

Bytes tbs_bytes(const LeafNode& leaf, BytesView group_id, uint32_t leaf_index) {
  Bytes out;
  Writer w(out);
  tls_write(w, leaf_node_tbs(leaf, group_id, leaf_index));
  return out;
}

}  // namespace

void sign_leaf_node(const crypto::SuiteAlgorithms& suite, LeafNode& leaf,
                    BytesView signature_private_key, BytesView group_id, uint32_t leaf_index) {
  leaf.signature = sign_with_label(suite, signature_private_key, kLabel,
                                   tbs_bytes(leaf, group_id, leaf_index));
}

bool verify_leaf_node_signature(const crypto::SuiteAlgorithms& suite, const LeafNode& leaf,
                                BytesView group_id, uint32_t leaf_index) {
  return verify_with_label(suite, leaf.signature_key, kLabel, tbs_bytes(leaf, group_id, leaf_index),
                           leaf.signature);
}

std::vector<bool> verify_leaf_node_signatures(const crypto::SuiteAlgorithms& suite,
                                              std::span<const LeafNode* const> leaves,
                                              BytesView group_id, uint32_t first_index) {
  std::vector<Bytes> signed_bytes(leaves.size());
  std::vector<crypto::SignatureCheck> checks;
  std::vector<size_t> slot;  // checks[j] is of leaves[slot[j]]
  for (size_t k = 0; k < leaves.size(); ++k) {
    if (leaves[k] == nullptr) continue;
    const auto index = static_cast<uint32_t>(first_index + k);
    signed_bytes[k] = sign_content(kLabel, tbs_bytes(*leaves[k], group_id, index));
    checks.push_back({leaves[k]->signature_key, signed_bytes[k], leaves[k]->signature});
    slot.push_back(k);
  }
  const std::vector<bool> ok = crypto::verify_batch(suite.signature, checks);
  std::vector<bool> out(leaves.size(), true);
  for (size_t j = 0; j < slot.size(); ++j) out[slot[j]] = ok[j];
  return out;
}

}  // namespace zt::mls
