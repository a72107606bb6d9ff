#include "zt/mls/leaf_node_signature.h"

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

void sign_leaf_node(const crypto::CipherSuite& suite, LeafNode& leaf, BytesView signature_private_key,
                    BytesView group_id, uint32_t leaf_index) {
  leaf.signature = sign_with_label(suite, signature_private_key, kLabel,
                                   tbs_bytes(leaf, group_id, leaf_index));
}

bool verify_leaf_node_signature(const crypto::CipherSuite& suite, const LeafNode& leaf,
                                BytesView group_id, uint32_t leaf_index) {
  return verify_with_label(suite, leaf.signature_key, kLabel, tbs_bytes(leaf, group_id, leaf_index),
                           leaf.signature);
}

}  // namespace zt::mls
