// TreeKEM (RFC 9420 sections 7.4-7.6): a member's private keys in the
// ratchet tree, UpdatePath generation (path secrets, DeriveKeyPair,
// EncryptWithLabel to the copath resolutions) and application (merge the
// public part, decrypt the path secret at the right copath node, derive the
// rest, check the public keys), and the commit secret.
//
// Errors: a path that does not fit the tree, a parent-hash mismatch, a
// ciphertext we cannot open or a derived key that differs throw TreeKemError.
#pragma once

#include <utility>
#include <vector>

#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/group_context.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/update_path.h"

namespace zt::mls {

class TreeKemError : public TreeError {
 public:
  using TreeError::TreeError;
};

// The HPKE private keys one member holds: its leaf's and those of the
// parent nodes on its direct path it knows (at most log2(n) + 1 entries).
class TreeKemPrivateKey {
 public:
  TreeKemPrivateKey(const crypto::SuiteAlgorithms& suite, LeafIndex leaf)
      : suite_(suite), leaf_(leaf) {}

  LeafIndex leaf() const { return leaf_; }
  const crypto::SecretBytes* key(NodeIndex x) const;
  void set_key(NodeIndex x, crypto::SecretBytes private_key);
  void erase(NodeIndex x);
  size_t size() const { return keys_.size(); }

  // node_secret = DeriveSecret(path_secret, "node"); the key pair is
  // DeriveKeyPair(node_secret). Returns the public key.
  Bytes set_from_path_secret(NodeIndex x, BytesView path_secret);
  // A joiner's path_secret (from the Welcome) for node x: sets x and each
  // non-blank ancestor of x, chaining DeriveSecret(., "path"), and checks
  // every derived public key against the tree. Returns the commit secret.
  crypto::SecretBytes implant_path_secret(const RatchetTreeState& tree, NodeIndex x,
                                          BytesView path_secret);
  // Every held key is for a non-blank node whose public key it matches.
  bool consistent_with(const RatchetTreeState& tree) const;
  // Drops keys of nodes that are now blank.
  void prune(const RatchetTreeState& tree);

 private:
  crypto::SuiteAlgorithms suite_;
  LeafIndex leaf_;
  std::vector<std::pair<NodeIndex, crypto::SecretBytes>> keys_;
};

// The committer's result: the UpdatePath to send, the commit secret, and
// the path secret of each node of its filtered direct path (the Welcome
// gives a new member the one of its lowest common ancestor).
struct CreatedUpdatePath {
  UpdatePath path;
  crypto::SecretBytes commit_secret;
  std::vector<std::pair<NodeIndex, crypto::SecretBytes>> path_secrets;
};

struct UpdatePathInput {
  LeafNode leaf_template;             // credential, capabilities, extensions, signature_key
  BytesView signature_private_key;
  std::vector<LeafIndex> new_leaves;  // added in this commit: excluded from encryption
};

// The committer `priv.leaf()` refreshes its direct path in `tree` (already
// holding the commit's other proposals). `context` is the provisional
// GroupContext; its tree_hash is set to the new tree's. `priv` ends up with
// the new keys.
CreatedUpdatePath create_update_path(RatchetTreeState& tree, TreeKemPrivateKey& priv,
                                     const UpdatePathInput& input, GroupContext& context,
                                     crypto::RandomSource& random = crypto::SystemRandom::instance());

// Merges the public part of `path` from `sender` into `tree`: checks its
// length against the filtered direct path and the leaf's parent hash, then
// sets the leaf and the new parent nodes (no unmerged leaves).
void merge_update_path(RatchetTreeState& tree, LeafIndex sender, const UpdatePath& path);

struct ReceivedPathSecrets {
  crypto::SecretBytes path_secret;    // the one decrypted
  crypto::SecretBytes commit_secret;
};

// After merge_update_path: decrypts the path secret meant for `priv`,
// derives the keys above it (checked against the merged tree) into `priv`,
// and returns the commit secret. `context` already has the new tree hash.
ReceivedPathSecrets decrypt_update_path(const RatchetTreeState& tree, TreeKemPrivateKey& priv,
                                        LeafIndex sender, const UpdatePath& path,
                                        const GroupContext& context,
                                        const std::vector<LeafIndex>& new_leaves);

}  // namespace zt::mls
