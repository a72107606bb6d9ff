// KeyPackage and KeyPackageTBS (RFC 9420 section 10).
#pragma once

#include "zt/mls/extension.h"
#include "zt/mls/leaf_node.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct KeyPackageTbs {
  ProtocolVersion version = ProtocolVersion::kMls10;
  CipherSuite cipher_suite = 0;
  HpkePublicKey init_key;
  LeafNode leaf_node;
  Extensions extensions;
  ZT_TLS_FIELDS(version, cipher_suite, init_key, leaf_node, extensions)
  bool operator==(const KeyPackageTbs&) const = default;
};

struct KeyPackage {
  static constexpr WireFormat kSelectTag = WireFormat::kKeyPackage;  // in MlsMessage
  ProtocolVersion version = ProtocolVersion::kMls10;
  CipherSuite cipher_suite = 0;
  HpkePublicKey init_key;
  LeafNode leaf_node;
  Extensions extensions;
  Bytes signature;  // SignWithLabel(., "KeyPackageTBS", KeyPackageTBS)
  ZT_TLS_FIELDS(version, cipher_suite, init_key, leaf_node, extensions, signature)
  bool operator==(const KeyPackage&) const = default;
};

inline KeyPackageTbs key_package_tbs(const KeyPackage& kp) {
  return {kp.version, kp.cipher_suite, kp.init_key, kp.leaf_node, kp.extensions};
}

}  // namespace zt::mls
