// LeafNode and what it carries (RFC 9420 section 7.2): capabilities,
// lifetime, the leaf_node_source select, and LeafNodeTBS for signing.
#pragma once

#include <variant>
#include <vector>

#include "zt/mls/credential.h"
#include "zt/mls/extension.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct Capabilities {
  std::vector<ProtocolVersion> versions;
  std::vector<CipherSuite> cipher_suites;
  std::vector<ExtensionType> extensions;
  std::vector<ProposalType> proposals;
  std::vector<CredentialType> credentials;
  ZT_TLS_FIELDS(versions, cipher_suites, extensions, proposals, credentials)
  bool operator==(const Capabilities&) const = default;
};

struct Lifetime {
  uint64_t not_before = 0;
  uint64_t not_after = 0;
  ZT_TLS_FIELDS(not_before, not_after)
  bool operator==(const Lifetime&) const = default;
};

// leaf_node_source = key_package: the KeyPackage lifetime.
struct KeyPackageLeafSource {
  static constexpr LeafNodeSourceType kSelectTag = LeafNodeSourceType::kKeyPackage;
  Lifetime lifetime;
  ZT_TLS_FIELDS(lifetime)
  bool operator==(const KeyPackageLeafSource&) const = default;
};

// leaf_node_source = update: no field.
struct UpdateLeafSource {
  static constexpr LeafNodeSourceType kSelectTag = LeafNodeSourceType::kUpdate;
  ZT_TLS_NO_FIELDS()
  bool operator==(const UpdateLeafSource&) const = default;
};

// leaf_node_source = commit: the parent hash.
struct CommitLeafSource {
  static constexpr LeafNodeSourceType kSelectTag = LeafNodeSourceType::kCommit;
  Bytes parent_hash;
  ZT_TLS_FIELDS(parent_hash)
  bool operator==(const CommitLeafSource&) const = default;
};

using LeafNodeSource = std::variant<KeyPackageLeafSource, UpdateLeafSource, CommitLeafSource>;

struct LeafNode {
  static constexpr NodeType kSelectTag = NodeType::kLeaf;  // in Node
  HpkePublicKey encryption_key;
  SignaturePublicKey signature_key;
  Credential credential;
  Capabilities capabilities;
  LeafNodeSource source;
  Extensions extensions;
  Bytes signature;  // SignWithLabel(., "LeafNodeTBS", LeafNodeTBS)
  ZT_TLS_FIELDS(encryption_key, signature_key, credential, capabilities, source, extensions,
                signature)
  bool operator==(const LeafNode&) const = default;

  LeafNodeSourceType source_type() const {
    return static_cast<LeafNodeSourceType>(source.index() + 1);
  }
};

// LeafNodeTBS: the leaf without its signature, plus the group binding
// (group_id, leaf_index) for leaves from an update or a commit.
struct LeafNodeTbs {
  HpkePublicKey encryption_key;
  SignaturePublicKey signature_key;
  Credential credential;
  Capabilities capabilities;
  LeafNodeSource source;
  Extensions extensions;
  Bytes group_id;           // encoded only for update / commit sources
  uint32_t leaf_index = 0;  // encoded only for update / commit sources
  bool operator==(const LeafNodeTbs&) const = default;
};

// The LeafNodeTBS of `leaf` (group_id / leaf_index are ignored for a
// key_package source).
LeafNodeTbs leaf_node_tbs(const LeafNode& leaf, BytesView group_id, uint32_t leaf_index);

void tls_write(Writer& w, const LeafNodeTbs& v);
void tls_read(Reader& r, LeafNodeTbs& v);

}  // namespace zt::mls
