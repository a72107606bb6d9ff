// HPKECiphertext and UpdatePath (RFC 9420 section 7.6).
#pragma once

#include <vector>

#include "zt/mls/leaf_node.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct HpkeCiphertext {
  Bytes kem_output;
  Bytes ciphertext;
  ZT_TLS_FIELDS(kem_output, ciphertext)
  bool operator==(const HpkeCiphertext&) const = default;
};

struct UpdatePathNode {
  HpkePublicKey encryption_key;
  std::vector<HpkeCiphertext> encrypted_path_secret;
  ZT_TLS_FIELDS(encryption_key, encrypted_path_secret)
  bool operator==(const UpdatePathNode&) const = default;
};

struct UpdatePath {
  LeafNode leaf_node;
  std::vector<UpdatePathNode> nodes;
  ZT_TLS_FIELDS(leaf_node, nodes)
  bool operator==(const UpdatePath&) const = default;
};

}  // namespace zt::mls
