// Validating a ratchet tree received when joining a group (RFC 9420
// sections 7.9.2, 12.4.3.1): tree hash, parent hashes, leaf signatures,
// unmerged-leaf consistency and HPKE key uniqueness.
#pragma once

#include <string>

#include "zt/base/expected.h"
#include "zt/mls/ratchet_tree_state.h"

namespace zt::mls {

// Structural and cryptographic checks of `tree` for the group `group_id`:
// every non-blank leaf's signature (bound to group_id and its index), every
// non-blank parent parent-hash valid, unmerged leaves that are non-blank
// descendants listed on every parent between them and P, and no HPKE
// encryption key used twice. Returns the first failure, in words that name
// the node and the rule.
Expected<void, std::string> validate_tree_structure(const RatchetTreeState& tree, BytesView group_id);

// validate_tree_structure plus: the root tree hash equals `tree_hash`
// (the GroupContext's).
Expected<void, std::string> validate_joined_tree(const RatchetTreeState& tree, BytesView group_id,
                                                 BytesView tree_hash);

}  // namespace zt::mls
