// Validating a ratchet tree received when joining a group (RFC 9420
// sections 7.9.2, 12.4.3.1): tree hash, parent hashes, leaf signatures,
// unmerged-leaf consistency and HPKE key uniqueness, and optionally every
// member's credential.
#pragma once

#include <cstddef>
#include <string>

#include "zt/base/expected.h"
#include "zt/mls/credential_validation.h"
#include "zt/mls/ratchet_tree_state.h"

namespace zt::mls {

struct TreeValidationOptions {
  // When set, every non-blank leaf's credential must pass this verifier
  // (expired, revoked or badly signed certificates fail the tree).
  const CredentialVerifier* credentials = nullptr;
  // Threads for the independent per-node checks (leaf signatures and
  // credentials, parent nodes): 0 = every core, 1 = the calling thread.
  // The result never depends on it.
  size_t max_threads = 0;
};

// Structural and cryptographic checks of `tree` for the group `group_id`:
// every non-blank leaf's signature (bound to group_id and its index) and,
// with options.credentials, its credential; every non-blank parent
// parent-hash valid, unmerged leaves that are non-blank descendants listed
// on every parent between them and P, and no HPKE encryption key used
// twice. Returns the first failure (leaves by index first, then parents),
// in words that name the node and the rule. The tree is only read (its
// hash cache is filled first), so the per-node checks run in parallel.
Expected<void, std::string> validate_tree_structure(const RatchetTreeState& tree,
                                                    BytesView group_id,
                                                    const TreeValidationOptions& options = {});

// validate_tree_structure plus: the root tree hash equals `tree_hash`
// (the GroupContext's).
Expected<void, std::string> validate_joined_tree(const RatchetTreeState& tree, BytesView group_id,
                                                 BytesView tree_hash,
                                                 const TreeValidationOptions& options = {});

}  // namespace zt::mls
