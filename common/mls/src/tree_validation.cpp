// Joining-time tree validation (RFC 9420 sections 7.9.2, 12.4.3.1).
//
// The expensive checks are independent per node (a leaf's signature costs
// an Ed25519/ECDSA verification; a credential a chain verification), so
// they run on zt::parallel_for into per-node result slots; the slots are
// then read in index order, so the failure reported is the same whatever
// the number of threads. Ed25519 leaf signatures of a large tree are checked
// in batches (crypto::verify_batch, one batch per parallel task): a batch
// reports exactly which leaves fail, so the failure is the same as well.
#include "zt/mls/tree_validation.h"

#include <algorithm>
#include <set>

#include "zt/base/parallel_for.h"
#include "zt/mls/leaf_node_signature.h"
#include "zt/mls/parent_hash.h"

namespace zt::mls {
namespace {

using Result = Expected<void, std::string>;

// Ed25519 trees of at least kBatchMinLeaves leaves verify their leaf
// signatures kBatchLeaves at a time.
constexpr size_t kBatchMinLeaves = 16;
constexpr size_t kBatchLeaves = 256;

Result fail(std::string why) { return unexpected(std::move(why)); }

// Empty when leaf i is blank or passes; otherwise why it fails.
// `batched`: the leaves' signature results if already verified in batches.
std::string check_leaf(const RatchetTreeState& tree, LeafIndex i, BytesView group_id,
                       const CredentialVerifier* credentials, const std::vector<bool>& batched) {
  const LeafNode* leaf = tree.leaf(i);
  if (leaf == nullptr) return {};
  if (batched.empty() ? !verify_leaf_node_signature(tree.suite(), *leaf, group_id, i)
                      : !batched[i]) {
    return "leaf " + std::to_string(i) + " has an invalid signature";
  }
  if (credentials != nullptr) {
    try {
      (void)credentials->verify(leaf->credential, leaf->signature_key);
    } catch (const CredentialError& e) {
      return "leaf " + std::to_string(i) + " has a rejected credential: " + e.what();
    }
  }
  return {};
}

std::string check_unmerged(const RatchetTreeState& tree, NodeIndex p, const ParentNode& node) {
  for (LeafIndex u : node.unmerged_leaves) {
    if (tree.leaf(u) == nullptr) {
      return "parent node " + std::to_string(p) + " lists blank or absent unmerged leaf " +
             std::to_string(u);
    }
    NodeIndex x = tree::leaf_to_node(u);
    bool reached = false;
    for (auto a = tree::parent(x, tree.leaf_count()); a; a = tree::parent(*a, tree.leaf_count())) {
      if (*a == p) {
        reached = true;
        break;
      }
      const ParentNode* between = tree.parent_node(*a);
      if (between != nullptr &&
          std::find(between->unmerged_leaves.begin(), between->unmerged_leaves.end(), u) ==
              between->unmerged_leaves.end()) {
        return "unmerged leaf " + std::to_string(u) + " of node " + std::to_string(p) +
               " is missing from node " + std::to_string(*a);
      }
    }
    if (!reached) {
      return "unmerged leaf " + std::to_string(u) + " is not below node " + std::to_string(p);
    }
  }
  return {};
}

Result check_unique_keys(const RatchetTreeState& tree) {
  std::set<BytesView, decltype([](BytesView a, BytesView b) {
             return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
           })>
      seen;
  for (NodeIndex x = 0; x < tree.node_count(); ++x) {
    if (tree.is_blank(x)) continue;
    if (!seen.insert(tree.encryption_key(x)).second) {
      return fail("node " + std::to_string(x) + " reuses an HPKE encryption key");
    }
  }
  return {};
}

// Every leaf's signature result, batched on parallel_for; empty when the
// suite is not Ed25519 or the tree is small (each leaf then verifies its own).
std::vector<bool> batch_leaf_signatures(const RatchetTreeState& tree, BytesView group_id,
                                        const TreeValidationOptions& options) {
  const size_t leaves = tree.leaf_count();
  if (tree.suite().signature != crypto::SignatureScheme::kEd25519 || leaves < kBatchMinLeaves) {
    return {};
  }
  const size_t batches = (leaves + kBatchLeaves - 1) / kBatchLeaves;
  std::vector<std::vector<bool>> results(batches);
  parallel_for(
      batches,
      [&](size_t b) {
        const size_t first = b * kBatchLeaves, last = std::min(leaves, first + kBatchLeaves);
        std::vector<const LeafNode*> part;
        for (size_t i = first; i < last; ++i) part.push_back(tree.leaf(static_cast<LeafIndex>(i)));
        results[b] =
            verify_leaf_node_signatures(tree.suite(), part, group_id, static_cast<uint32_t>(first));
      },
      options.max_threads);
  std::vector<bool> all;
  for (const auto& r : results) all.insert(all.end(), r.begin(), r.end());
  return all;
}

// Leaf checks in slots [0, leaf_count), unmerged-leaf checks of parent
// node 2k+1 in slot leaf_count + k. Empty slot = passed.
std::vector<std::string> check_nodes(const RatchetTreeState& tree, BytesView group_id,
                                     const TreeValidationOptions& options) {
  const size_t leaves = tree.leaf_count();
  const size_t parents = tree.node_count() / 2;
  std::vector<std::string> failures(leaves + parents);
  const std::vector<bool> batched = batch_leaf_signatures(tree, group_id, options);
  parallel_for(
      failures.size(),
      [&](size_t slot) {
        if (slot < leaves) {
          failures[slot] = check_leaf(tree, static_cast<LeafIndex>(slot), group_id,
                                      options.credentials, batched);
          return;
        }
        const auto p = static_cast<NodeIndex>(2 * (slot - leaves) + 1);
        if (const ParentNode* node = tree.parent_node(p))
          failures[slot] = check_unmerged(tree, p, *node);
      },
      options.max_threads);
  return failures;
}

}  // namespace

Result validate_tree_structure(const RatchetTreeState& tree, BytesView group_id,
                               const TreeValidationOptions& options) {
  // From here on the tree is only read, also by the parallel parent-hash check.
  tree.fill_hash_cache(options.max_threads);
  for (std::string& failure : check_nodes(tree, group_id, options)) {
    if (!failure.empty()) return fail(std::move(failure));
  }
  if (Result r = check_unique_keys(tree); !r) return r;
  if (!verify_parent_hashes(tree)) return fail("a parent node is not parent-hash valid");
  return {};
}

Result validate_joined_tree(const RatchetTreeState& tree, BytesView group_id, BytesView tree_hash,
                            const TreeValidationOptions& options) {
  if (tree.leaf_count() == 0) return fail("empty tree");
  tree.fill_hash_cache(options.max_threads);
  const Bytes& actual = tree.tree_hash();
  if (!std::equal(actual.begin(), actual.end(), tree_hash.begin(), tree_hash.end())) {
    return fail("tree hash does not match the group context");
  }
  return validate_tree_structure(tree, group_id, options);
}

}  // namespace zt::mls
