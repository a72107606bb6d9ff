// LeafNode validation (RFC 9420 section 7.3) against the group it joins or
// lives in: credential, signature, required_capabilities, credential types
// supported by every member (both ways), lifetime (injectable clock),
// extensions listed in the leaf's capabilities, leaf_node_source, and
// uniqueness of signature and encryption keys.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "zt/mls/error.h"
#include "zt/base/clock.h"
#include "zt/mls/credential_validation.h"
#include "zt/mls/extension.h"
#include "zt/mls/ratchet_tree_state.h"

namespace zt::mls {

enum class LeafNodeFailure : uint8_t {
  kBadSignature,
  kRequiredCapabilities,   // a required extension/proposal/credential type is not listed
  kCredentialUnsupported,  // a member cannot use this credential type, or vice versa
  kLifetime,               // now is outside [not_before, not_after]
  kExtensionUnsupported,   // an extension not listed in the leaf's capabilities
  kWrongSource,            // leaf_node_source not the one the context requires
  kEncryptionKeyUnchanged, // an Update that keeps the replaced leaf's key
  kDuplicateKey,           // signature or encryption key already in the tree
};

class LeafNodeError : public Error {
 public:
  LeafNodeError(LeafNodeFailure failure, const std::string& what)
      : Error(ErrorCategory::kLeafNode, what), failure_(failure) {}
  LeafNodeFailure failure() const { return failure_; }

 private:
  LeafNodeFailure failure_;
};

struct LeafNodeCheck {
  LeafNodeSourceType source = LeafNodeSourceType::kKeyPackage;  // the one required
  BytesView group_id;                       // signature binding for update / commit
  std::optional<LeafIndex> leaf_index;      // the leaf it replaces (update / commit)
  const Extensions* group_extensions = nullptr;  // GroupContext extensions
  const Clock* clock = nullptr;             // lifetime checked when set (key_package source)
  const CredentialVerifier* credentials = nullptr;  // nullptr: basic and X.509 taken as unverified
};

// Throws LeafNodeError, or CredentialError for a rejected credential.
// Returns what the roster shows for this member.
MemberIdentity validate_leaf_node(const RatchetTreeState& tree, const LeafNode& leaf,
                                  const LeafNodeCheck& check);

}  // namespace zt::mls
