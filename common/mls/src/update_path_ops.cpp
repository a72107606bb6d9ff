// UpdatePath generation, merge and decryption (RFC 9420 sections 7.4-7.6).
#include <algorithm>

#include "zt/base/parallel_for.h"
#include "zt/crypto/kem.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/leaf_node_signature.h"
#include "zt/mls/parent_hash.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls/treekem.h"

namespace zt::mls {
namespace {

constexpr std::string_view kUpdatePathLabel = "UpdatePathNode";

bool equal(BytesView a, BytesView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

// Drops the keys `priv` holds on the direct path of `leaf` (blanked by a path).
void forget_direct_path(TreeKemPrivateKey& priv, const RatchetTreeState& tree, LeafIndex leaf) {
  for (auto p = tree::parent(tree::leaf_to_node(leaf), tree.leaf_count()); p;
       p = tree::parent(*p, tree.leaf_count())) {
    priv.erase(*p);
  }
}

// Encrypts each path secret to the resolution of its copath child. The
// seals are independent, so with a thread-safe random source they run on
// every core (a bulk add encrypts to ~N leaves); the output order is fixed.
void encrypt_path(const RatchetTreeState& tree, const RatchetTreeState::FilteredPath& fdp,
                  const CreatedUpdatePath& out_secrets, const std::vector<LeafIndex>& new_leaves,
                  BytesView context, std::vector<UpdatePathNode>& nodes, crypto::RandomSource& random) {
  struct Seal {
    size_t k;
    NodeIndex r;
  };
  std::vector<Seal> seals;
  std::vector<NodeIndex> res;
  for (size_t k = 0; k < fdp.nodes.size(); ++k) {
    res.clear();
    tree.append_resolution(fdp.copath_children[k], res, new_leaves);
    nodes[k].encrypted_path_secret.resize(res.size());
    for (NodeIndex r : res) seals.push_back({k, r});
  }
  std::vector<size_t> slot(fdp.nodes.size(), 0);
  std::vector<HpkeCiphertext*> out(seals.size());
  for (size_t i = 0; i < seals.size(); ++i)
    out[i] = &nodes[seals[i].k].encrypted_path_secret[slot[seals[i].k]++];
  auto seal = [&](size_t i) {
    BytesView secret = out_secrets.path_secrets[seals[i].k].second.reveal();
    *out[i] = encrypt_with_label(tree.suite(), tree.encryption_key(seals[i].r), kUpdatePathLabel,
                                 context, secret, random);
  };
  if (random.thread_safe() && seals.size() > 1) {
    parallel_for(seals.size(), seal);
  } else {
    for (size_t i = 0; i < seals.size(); ++i) seal(i);
  }
}

}  // namespace

CreatedUpdatePath create_update_path(RatchetTreeState& tree, TreeKemPrivateKey& priv,
                                     const UpdatePathInput& input, GroupContext& context,
                                     crypto::RandomSource& random) {
  const crypto::SuiteAlgorithms& suite = tree.suite();
  LeafIndex me = priv.leaf();
  if (tree.leaf(me) == nullptr) throw TreeKemError("committer leaf is blank");
  tree.blank_direct_path(me);
  forget_direct_path(priv, tree, me);
  RatchetTreeState::FilteredPath fdp = tree.filtered_direct_path(me);

  CreatedUpdatePath out;
  crypto::SecretBytes leaf_secret(suite.nh);
  random.fill(leaf_secret.reveal_mutable());
  Bytes leaf_pub = priv.set_from_path_secret(tree::leaf_to_node(me), leaf_secret.reveal());
  crypto::SecretBytes secret = derive_secret(suite, leaf_secret.reveal(), "path");

  std::vector<ParentNode> parents(fdp.nodes.size());
  out.path.nodes.resize(fdp.nodes.size());
  for (size_t k = 0; k < fdp.nodes.size(); ++k) {
    parents[k].encryption_key = priv.set_from_path_secret(fdp.nodes[k], secret.reveal());
    out.path.nodes[k].encryption_key = parents[k].encryption_key;
    crypto::SecretBytes next = derive_secret(suite, secret.reveal(), "path");
    out.path_secrets.emplace_back(fdp.nodes[k], std::move(secret));
    secret = std::move(next);
  }
  out.commit_secret = std::move(secret);

  LeafNode leaf = input.leaf_template;
  leaf.encryption_key = std::move(leaf_pub);
  leaf.source = CommitLeafSource{chain_parent_hashes(tree, fdp, parents)};
  sign_leaf_node(suite, leaf, input.signature_private_key, context.group_id, me);
  for (size_t k = 0; k < fdp.nodes.size(); ++k) tree.set_parent(fdp.nodes[k], std::move(parents[k]));
  out.path.leaf_node = leaf;
  tree.set_leaf(me, std::move(leaf));

  context.tree_hash = tree.tree_hash();
  encrypt_path(tree, fdp, out, input.new_leaves, encode(context), out.path.nodes, random);
  return out;
}

void merge_update_path(RatchetTreeState& tree, LeafIndex sender, const UpdatePath& path) {
  if (tree.leaf(sender) == nullptr) throw TreeKemError("update path from a blank leaf");
  const auto* source = std::get_if<CommitLeafSource>(&path.leaf_node.source);
  if (source == nullptr) throw TreeKemError("update path leaf node source is not commit");
  tree.blank_direct_path(sender);
  RatchetTreeState::FilteredPath fdp = tree.filtered_direct_path(sender);
  if (fdp.nodes.size() != path.nodes.size()) {
    throw TreeKemError("update path has " + std::to_string(path.nodes.size()) +
                       " nodes, filtered direct path has " + std::to_string(fdp.nodes.size()));
  }
  std::vector<ParentNode> parents(fdp.nodes.size());
  for (size_t k = 0; k < fdp.nodes.size(); ++k) parents[k].encryption_key = path.nodes[k].encryption_key;
  if (!equal(chain_parent_hashes(tree, fdp, parents), source->parent_hash)) {
    throw TreeKemError("update path leaf parent hash does not match");
  }
  for (size_t k = 0; k < fdp.nodes.size(); ++k) tree.set_parent(fdp.nodes[k], std::move(parents[k]));
  tree.set_leaf(sender, path.leaf_node);
}

ReceivedPathSecrets decrypt_update_path(const RatchetTreeState& tree, TreeKemPrivateKey& priv,
                                        LeafIndex sender, const UpdatePath& path,
                                        const GroupContext& context,
                                        const std::vector<LeafIndex>& new_leaves) {
  const crypto::SuiteAlgorithms& suite = tree.suite();
  RatchetTreeState::FilteredPath fdp = tree.filtered_direct_path(sender);
  if (fdp.nodes.size() != path.nodes.size()) throw TreeKemError("update path does not fit the tree");
  NodeIndex mine = tree::leaf_to_node(priv.leaf());
  size_t k = 0;
  while (k < fdp.nodes.size() && tree::common_ancestor(fdp.copath_children[k], mine) != fdp.copath_children[k]) ++k;
  if (k == fdp.nodes.size()) throw TreeKemError("receiver is not below the sender's filtered direct path");

  std::vector<NodeIndex> res;
  tree.append_resolution(fdp.copath_children[k], res, new_leaves);
  const auto& cts = path.nodes[k].encrypted_path_secret;
  if (cts.size() != res.size()) throw TreeKemError("ciphertext count differs from the resolution size");
  size_t slot = 0;
  while (slot < res.size() && priv.key(res[slot]) == nullptr) ++slot;
  if (slot == res.size()) throw TreeKemError("no private key for the copath resolution");

  Bytes ctx = encode(context);
  auto opened = decrypt_with_label(suite, priv.key(res[slot])->reveal(), kUpdatePathLabel, ctx,
                                   cts[slot].kem_output, cts[slot].ciphertext);
  if (!opened) throw TreeKemError("cannot decrypt the path secret");
  ReceivedPathSecrets out{std::move(*opened), {}};

  forget_direct_path(priv, tree, sender);
  crypto::SecretBytes secret = out.path_secret;
  for (; k < fdp.nodes.size(); ++k) {
    Bytes pub = priv.set_from_path_secret(fdp.nodes[k], secret.reveal());
    if (!equal(pub, path.nodes[k].encryption_key)) {
      priv.erase(fdp.nodes[k]);
      throw TreeKemError("derived public key differs at node " + std::to_string(fdp.nodes[k]));
    }
    secret = derive_secret(suite, secret.reveal(), "path");
  }
  out.commit_secret = std::move(secret);
  priv.prune(tree);
  return out;
}

}  // namespace zt::mls
