// TreeKemPrivateKey: the HPKE private keys a member holds in the tree.
#include <algorithm>

#include "zt/crypto/kem.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/treekem.h"

namespace zt::mls {

const crypto::SecretBytes* TreeKemPrivateKey::key(NodeIndex x) const {
  for (const auto& [node, secret] : keys_) {
    if (node == x) return &secret;
  }
  return nullptr;
}

void TreeKemPrivateKey::set_key(NodeIndex x, crypto::SecretBytes private_key) {
  for (auto& [node, secret] : keys_) {
    if (node == x) {
      secret = std::move(private_key);
      return;
    }
  }
  keys_.emplace_back(x, std::move(private_key));
}

void TreeKemPrivateKey::erase(NodeIndex x) {
  std::erase_if(keys_, [x](const auto& entry) { return entry.first == x; });
}

Bytes TreeKemPrivateKey::set_from_path_secret(NodeIndex x, BytesView path_secret) {
  crypto::SecretBytes node_secret = derive_secret(suite_, path_secret, "node");
  crypto::KemKeyPair pair = crypto::Dhkem(suite_.kem).derive_key_pair(node_secret.reveal());
  set_key(x, std::move(pair.private_key));
  return std::move(pair.public_key);
}

crypto::SecretBytes TreeKemPrivateKey::implant_path_secret(const RatchetTreeState& tree, NodeIndex x,
                                                           BytesView path_secret) {
  crypto::SecretBytes secret(path_secret);
  for (std::optional<NodeIndex> n = x; n; n = tree::parent(*n, tree.leaf_count())) {
    if (tree.is_blank(*n)) continue;
    Bytes pub = set_from_path_secret(*n, secret.reveal());
    BytesView want = tree.encryption_key(*n);
    if (!std::equal(pub.begin(), pub.end(), want.begin(), want.end())) {
      erase(*n);
      throw TreeKemError("path secret does not match the public key of node " + std::to_string(*n));
    }
    secret = derive_secret(suite_, secret.reveal(), "path");
  }
  return secret;
}

bool TreeKemPrivateKey::consistent_with(const RatchetTreeState& tree) const {
  crypto::Dhkem kem(suite_.kem);
  for (const auto& [node, secret] : keys_) {
    if (tree.is_blank(node)) return false;
    Bytes pub = kem.public_key_of(secret.reveal());
    BytesView want = tree.encryption_key(node);
    if (!std::equal(pub.begin(), pub.end(), want.begin(), want.end())) return false;
  }
  return true;
}

void TreeKemPrivateKey::prune(const RatchetTreeState& tree) {
  std::erase_if(keys_, [&](const auto& entry) { return tree.is_blank(entry.first); });
}

}  // namespace zt::mls
