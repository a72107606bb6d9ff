// LeafNode validation (RFC 9420 section 7.3).
#include "zt/mls/leaf_node_validation.h"

#include <algorithm>
#include <chrono>

#include "zt/mls/leaf_node_signature.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {
namespace {

template <class T>
bool listed(const std::vector<T>& list, T value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool same(BytesView a, BytesView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

[[noreturn]] void fail(LeafNodeFailure f, const std::string& what) { throw LeafNodeError(f, what); }

void check_required_capabilities(const LeafNode& leaf, const Extensions* group_extensions) {
  if (group_extensions == nullptr) return;
  const Extension* ext = find_extension(*group_extensions, kExtensionRequiredCapabilities);
  if (ext == nullptr) return;
  auto required = decode<RequiredCapabilities>(ext->extension_data);
  if (!required) fail(LeafNodeFailure::kRequiredCapabilities, "group required_capabilities is malformed");
  const Capabilities& caps = leaf.capabilities;
  for (ExtensionType t : required->extension_types) {
    if (!listed(caps.extensions, t)) fail(LeafNodeFailure::kRequiredCapabilities, "required extension missing");
  }
  for (ProposalType t : required->proposal_types) {
    if (!listed(caps.proposals, t)) fail(LeafNodeFailure::kRequiredCapabilities, "required proposal missing");
  }
  for (CredentialType t : required->credential_types) {
    if (!listed(caps.credentials, t)) fail(LeafNodeFailure::kRequiredCapabilities, "required credential missing");
  }
}

// Credential types both ways, and key uniqueness, over the current members.
void check_against_members(const RatchetTreeState& tree, const LeafNode& leaf, std::optional<LeafIndex> replaced) {
  for (LeafIndex i = 0; i < tree.leaf_count(); ++i) {
    const LeafNode* member = tree.leaf(i);
    if (member == nullptr || (replaced && *replaced == i)) continue;
    if (!listed(member->capabilities.credentials, leaf.credential.type()) ||
        !listed(leaf.capabilities.credentials, member->credential.type())) {
      fail(LeafNodeFailure::kCredentialUnsupported,
           "credential type not supported between the leaf and member " + std::to_string(i));
    }
    if (same(member->signature_key, leaf.signature_key)) {
      fail(LeafNodeFailure::kDuplicateKey, "signature key already used by member " + std::to_string(i));
    }
  }
  for (NodeIndex x = 0; x < tree.node_count(); ++x) {
    if (replaced && x == tree::leaf_to_node(*replaced)) continue;
    if (!tree.is_blank(x) && same(tree.encryption_key(x), leaf.encryption_key)) {
      fail(LeafNodeFailure::kDuplicateKey, "encryption key already used by node " + std::to_string(x));
    }
  }
}

void check_lifetime(const LeafNode& leaf, const Clock* clock) {
  const auto* kp = std::get_if<KeyPackageLeafSource>(&leaf.source);
  if (kp == nullptr || clock == nullptr) return;
  auto now = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(clock->now().time_since_epoch()).count());
  if (now < kp->lifetime.not_before || now > kp->lifetime.not_after) {
    fail(LeafNodeFailure::kLifetime, "leaf node lifetime does not cover the current time");
  }
}

}  // namespace

MemberIdentity validate_leaf_node(const RatchetTreeState& tree, const LeafNode& leaf, const LeafNodeCheck& check) {
  MemberIdentity identity;
  if (check.credentials != nullptr) {
    identity = check.credentials->verify(leaf.credential, leaf.signature_key);
  } else if (const auto* basic = std::get_if<BasicCredential>(&leaf.credential.value)) {
    identity.basic_identity = basic->identity;
  }
  if (leaf.source_type() != check.source) fail(LeafNodeFailure::kWrongSource, "unexpected leaf_node_source");
  if (!verify_leaf_node_signature(tree.suite(), leaf, check.group_id, check.leaf_index.value_or(0))) {
    fail(LeafNodeFailure::kBadSignature, "leaf node signature does not verify");
  }
  check_required_capabilities(leaf, check.group_extensions);
  check_lifetime(leaf, check.clock);
  for (const Extension& e : leaf.extensions) {
    if (!listed(leaf.capabilities.extensions, e.extension_type)) {
      fail(LeafNodeFailure::kExtensionUnsupported, "leaf extension " + std::to_string(e.extension_type) +
                                                       " is not in its capabilities");
    }
  }
  if (check.source == LeafNodeSourceType::kUpdate && check.leaf_index) {
    const LeafNode* old = tree.leaf(*check.leaf_index);
    if (old != nullptr && same(old->encryption_key, leaf.encryption_key)) {
      fail(LeafNodeFailure::kEncryptionKeyUnchanged, "update keeps the replaced encryption key");
    }
  }
  check_against_members(tree, leaf, check.leaf_index);
  return identity;
}

}  // namespace zt::mls
