// Groups that resume another one (RFC 9420 sections 11.2, 11.3): the group
// that replaces a reinitialized one, and a branch with a subset of the
// members. Both are a new group whose first commit adds the members and
// injects the old group's resumption PSK (usage reinit or branch); joiners
// check the new group against the old one (section 12.4.3.1).
#include <algorithm>

#include "group_internal.h"

namespace zt::mls {
namespace {

const ResumptionPsk* subgroup_psk(const std::vector<PreSharedKeyId>& psks) {
  for (const PreSharedKeyId& id : psks) {
    const auto* res = std::get_if<ResumptionPsk>(&id.psk);
    if (res != nullptr && res->usage != ResumptionPskUsage::kApplication) return res;
  }
  return nullptr;
}

// Every leaf of `part` names a member of `whole`.
void check_subset(const RatchetTreeState& part, const RatchetTreeState& whole, const char* what) {
  for (LeafIndex i = 0; i < part.leaf_count(); ++i) {
    const LeafNode* leaf = part.leaf(i);
    if (leaf != nullptr && !has_member(whole, leaf->credential)) throw ProtocolError(what);
  }
}

// The members of the new group (`me` and `members`) as a tree, for the
// creator's checks before anything is built.
RatchetTreeState planned_tree(const KeyPackageBundle& me, const std::vector<KeyPackage>& members) {
  RatchetTreeState tree(suite_algorithms(me.key_package.cipher_suite));
  tree.add_leaf(me.key_package.leaf_node);
  for (const KeyPackage& kp : members) tree.add_leaf(kp.leaf_node);
  return tree;
}

PreSharedKeyId subgroup_psk_id(ResumptionPskUsage usage, const Group& old, CipherSuite new_suite,
                               crypto::RandomSource& random) {
  return PreSharedKeyId{ResumptionPsk{usage, old.group_id(), old.epoch()},
                        random.bytes(suite_algorithms(new_suite).nh)};
}

}  // namespace

Group::Subgroup GroupAccess::create_subgroup(SubgroupSpec spec, const KeyPackageBundle& me,
                                             std::vector<KeyPackage> members,
                                             const SubgroupOptions& options,
                                             crypto::RandomSource& random) {
  Group g = Group::create(std::move(spec.group_id), me, std::move(spec.extensions), options.group,
                          random);
  CommitOptions commit_options;
  for (KeyPackage& kp : members) commit_options.proposals.push_back(Proposal{Add{std::move(kp)}});
  commit_options.proposals.push_back(Proposal{PreSharedKey{spec.psk}});
  commit_options.force_path = options.force_path;
  commit_options.inline_tree = options.inline_tree;
  const PskWithSecret imported{spec.psk, std::move(spec.psk_secret)};
  CommitResult r = commit(g, std::move(commit_options), CommitKind::kSubgroup, {&imported, 1});
  g.merge_pending_commit();
  return Group::Subgroup{std::move(g), std::move(r.welcome)};
}

Group::Subgroup Group::create_reinit(const Group& old, const KeyPackageBundle& me,
                                     std::vector<KeyPackage> members, SubgroupOptions options,
                                     crypto::RandomSource& random) {
  if (!old.reinit_) throw ProtocolError("the old group applied no ReInit commit");
  const ReInit& reinit = *old.reinit_;
  if (me.key_package.cipher_suite != reinit.cipher_suite)
    throw ProtocolError("KeyPackage not in the ReInit's cipher suite");
  RatchetTreeState planned = planned_tree(me, members);
  check_subset(planned, *old.tree_, "a new member was not in the reinitialized group");
  check_subset(*old.tree_, planned, "a member of the reinitialized group is missing");
  SubgroupSpec spec{reinit.group_id, reinit.extensions,
                    subgroup_psk_id(ResumptionPskUsage::kReinit, old, reinit.cipher_suite, random),
                    old.secrets_.resumption_psk};
  return GroupAccess::create_subgroup(std::move(spec), me, std::move(members), options, random);
}

Group::Subgroup Group::create_branch(const Group& old, Bytes group_id, const KeyPackageBundle& me,
                                     std::vector<KeyPackage> members, Extensions extensions,
                                     SubgroupOptions options, crypto::RandomSource& random) {
  GroupAccess::require_active(old);
  if (me.key_package.cipher_suite != old.cipher_suite())
    throw ProtocolError("a branch keeps the old group's cipher suite");
  check_subset(planned_tree(me, members), *old.tree_, "a branch member is not in the old group");
  SubgroupSpec spec{std::move(group_id), std::move(extensions),
                    subgroup_psk_id(ResumptionPskUsage::kBranch, old, old.cipher_suite(), random),
                    old.secrets_.resumption_psk};
  return GroupAccess::create_subgroup(std::move(spec), me, std::move(members), options, random);
}

void GroupAccess::check_resumed_group(const Group& g, const Group* source,
                                      const std::vector<PreSharedKeyId>& psks) {
  const ResumptionPsk* psk = subgroup_psk(psks);
  if (psk == nullptr) return;
  const Group& old = *source;  // resolve_welcome_psks required it
  if (g.context_.epoch != 1) throw ProtocolError("a resumed group must start at epoch 1");
  if (psk->usage == ResumptionPskUsage::kBranch) {
    if (g.context_.cipher_suite != old.context_.cipher_suite)
      throw ProtocolError("branch with another cipher suite than the old group");
    check_subset(*g.tree_, *old.tree_, "a branch member is not in the old group");
    return;
  }
  if (!old.reinit_ || psk->psk_epoch != old.context_.epoch)
    throw ProtocolError("reinit PSK of an epoch that no ReInit commit started");
  const ReInit& reinit = *old.reinit_;
  if (g.context_.group_id != reinit.group_id || g.context_.cipher_suite != reinit.cipher_suite ||
      reinit.version != ProtocolVersion::kMls10 || g.context_.extensions != reinit.extensions) {
    throw ProtocolError("the new group does not match the ReInit");
  }
  check_subset(*g.tree_, *old.tree_, "a new member was not in the reinitialized group");
  check_subset(*old.tree_, *g.tree_, "a member of the reinitialized group is missing");
}

}  // namespace zt::mls
