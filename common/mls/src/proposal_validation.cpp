// The proposal list of a commit: validity (RFC 9420 section 12.2, and
// 12.4.3.2 for external commits) and application to the staged tree in the
// order of section 12.3 (GroupContextExtensions, Update, Remove, Add), and
// which senders may send which proposals.
#include <algorithm>
#include <set>

#include "public_commit.h"
#include "zt/mls/key_package_validation.h"
#include "zt/mls/leaf_node_validation.h"

namespace zt::mls {
namespace {

bool is_default_proposal(ProposalType t) {
  return t >= kProposalAdd && t <= kProposalGroupContextExtensions;
}

std::optional<LeafIndex> member_of(const Sender& s) {
  if (const auto* m = std::get_if<MemberSender>(&s.value)) return m->leaf_index;
  return std::nullopt;
}

// A PreSharedKey proposal (section 12.1.4): a fresh nonce of KDF.Nh bytes;
// resumption PSKs of usage reinit/branch only in the first commit of a
// reinitialized or branched group.
void check_psk(const PreSharedKeyId& id, size_t nh, CommitKind kind) {
  if (id.psk_nonce.size() != nh) throw ProtocolError("PSK nonce is not KDF.Nh bytes");
  const auto* res = std::get_if<ResumptionPsk>(&id.psk);
  if (res == nullptr || res->usage == ResumptionPskUsage::kApplication) return;
  if (kind != CommitKind::kSubgroup) {
    throw ProtocolError("resumption PSK of usage reinit/branch outside a ReInit or branch");
  }
}

void check_list(const std::vector<ResolvedProposal>& proposals, std::optional<LeafIndex> committer,
                CommitKind kind, size_t nh) {
  std::set<LeafIndex> touched;
  std::vector<const Bytes*> add_keys;
  std::vector<PreSharedKeyId> psks;
  size_t gce = 0, reinit = 0, external_init = 0, removes = 0;
  for (const ResolvedProposal& rp : proposals) {
    const Proposal& p = rp.proposal;
    if (const auto* u = std::get_if<Update>(&p.value)) {
      (void)u;
      auto from = member_of(rp.sender);
      if (!from) throw ProtocolError("Update from a non-member");
      if (committer && *from == *committer)
        throw ProtocolError("commit holds an Update of the committer");
      if (!touched.insert(*from).second)
        throw ProtocolError("two Update/Remove proposals for one leaf");
    } else if (const auto* r = std::get_if<Remove>(&p.value)) {
      ++removes;
      if (kind != CommitKind::kExternal && committer && r->removed == *committer) {
        throw ProtocolError("commit removes the committer");
      }
      if (!touched.insert(r->removed).second)
        throw ProtocolError("two Update/Remove proposals for one leaf");
    } else if (const auto* a = std::get_if<Add>(&p.value)) {
      const Bytes& key = a->key_package.leaf_node.signature_key;
      for (const Bytes* other : add_keys) {
        if (*other == key) throw ProtocolError("two Add proposals with one signature key");
      }
      add_keys.push_back(&key);
    } else if (const auto* psk = std::get_if<PreSharedKey>(&p.value)) {
      if (std::find(psks.begin(), psks.end(), psk->psk) != psks.end())
        throw ProtocolError("PSK listed twice");
      check_psk(psk->psk, nh, kind);
      psks.push_back(psk->psk);
    } else if (std::holds_alternative<GroupContextExtensions>(p.value)) {
      ++gce;
    } else if (const auto* ri = std::get_if<ReInit>(&p.value)) {
      if (ri->version < ProtocolVersion::kMls10)
        throw ProtocolError("ReInit to an older protocol version");
      ++reinit;
    } else if (std::holds_alternative<ExternalInit>(p.value)) {
      ++external_init;
    }
  }
  if (gce > 1) throw ProtocolError("more than one GroupContextExtensions proposal");
  if (reinit > 0 && proposals.size() > 1)
    throw ProtocolError("ReInit together with other proposals");
  if (kind != CommitKind::kExternal && external_init > 0)
    throw ProtocolError("ExternalInit in a member commit");
  if (kind == CommitKind::kExternal) {
    if (external_init != 1) throw ProtocolError("external commit without exactly one ExternalInit");
    if (removes > 1) throw ProtocolError("external commit with more than one Remove");
    for (const ResolvedProposal& rp : proposals) {
      ProposalType t = rp.proposal.type();
      if (t != kProposalExternalInit && t != kProposalRemove && t != kProposalPsk) {
        throw ProtocolError("external commit with a proposal other than ExternalInit, Remove, PSK");
      }
    }
  }
}

// Every member supports every non-default proposal type in the list.
void check_supported(const RatchetTreeState& tree, const std::vector<ResolvedProposal>& proposals) {
  for (const ResolvedProposal& rp : proposals) {
    ProposalType t = rp.proposal.type();
    if (is_default_proposal(t)) continue;
    for (LeafIndex i = 0; i < tree.leaf_count(); ++i) {
      const LeafNode* leaf = tree.leaf(i);
      if (leaf == nullptr) continue;
      const auto& list = leaf->capabilities.proposals;
      if (std::find(list.begin(), list.end(), t) == list.end()) {
        throw ProtocolError("proposal type not supported by every member");
      }
    }
  }
}

// Every member supports the required_capabilities of `extensions` and the
// extension types themselves.
void check_group_extensions(const RatchetTreeState& tree, const Extensions& extensions) {
  const Extension* rc_ext = find_extension(extensions, kExtensionRequiredCapabilities);
  RequiredCapabilities rc;
  if (rc_ext != nullptr) {
    auto decoded = decode<RequiredCapabilities>(rc_ext->extension_data);
    if (!decoded) throw malformed("required_capabilities extension", decoded.error());
    rc = std::move(*decoded);
  }
  auto has = [](const auto& list, auto v) {
    return std::find(list.begin(), list.end(), v) != list.end();
  };
  for (LeafIndex i = 0; i < tree.leaf_count(); ++i) {
    const LeafNode* leaf = tree.leaf(i);
    if (leaf == nullptr) continue;
    const Capabilities& c = leaf->capabilities;
    for (ExtensionType t : rc.extension_types) {
      if (t > kExtensionExternalSenders && !has(c.extensions, t))
        throw ProtocolError("member lacks a required extension");
    }
    for (ProposalType t : rc.proposal_types) {
      if (!is_default_proposal(t) && !has(c.proposals, t))
        throw ProtocolError("member lacks a required proposal type");
    }
    for (CredentialType t : rc.credential_types) {
      if (!has(c.credentials, t)) throw ProtocolError("member lacks a required credential type");
    }
    for (const Extension& e : extensions) {
      if (e.extension_type > kExtensionExternalSenders && !has(c.extensions, e.extension_type)) {
        throw ProtocolError("member does not support a group extension");
      }
    }
  }
}

template <class T>
std::vector<const ResolvedProposal*> of_type(const std::vector<ResolvedProposal>& proposals) {
  std::vector<const ResolvedProposal*> out;
  for (const ResolvedProposal& rp : proposals) {
    if (std::holds_alternative<T>(rp.proposal.value)) out.push_back(&rp);
  }
  return out;
}

}  // namespace

ProposalEffects GroupAccess::apply_proposals(const Group& g, NextEpoch& next,
                                             const std::vector<ResolvedProposal>& proposals,
                                             std::optional<LeafIndex> committer, CommitKind kind) {
  const ProposalRules rules{g.context_.group_id, g.context_.cipher_suite, g.options_.credentials,
                            g.options_.clock, &g.own_update_keys_};
  return apply_proposal_list(rules, next, proposals, committer, kind);
}

ProposalEffects apply_proposal_list(const ProposalRules& rules, NextEpoch& next,
                                    const std::vector<ResolvedProposal>& proposals,
                                    std::optional<LeafIndex> committer, CommitKind kind) {
  check_list(proposals, committer, kind, suite_algorithms(rules.cipher_suite).nh);
  RatchetTreeState& tree = *next.tree;
  check_supported(tree, proposals);
  ProposalEffects fx;
  fx.path_required = proposals.empty() || kind == CommitKind::kExternal;
  for (const ResolvedProposal& rp : proposals) {
    ProposalType t = rp.proposal.type();
    if (t != kProposalAdd && t != kProposalPsk && t != kProposalReinit) fx.path_required = true;
  }

  for (const ResolvedProposal* rp : of_type<GroupContextExtensions>(proposals)) {
    next.context.extensions = std::get<GroupContextExtensions>(rp->proposal.value).extensions;
  }
  LeafNodeCheck check;
  check.group_extensions = &next.context.extensions;
  check.credentials = rules.credentials;
  for (const ResolvedProposal* rp : of_type<Update>(proposals)) {
    LeafIndex from = std::get<MemberSender>(rp->sender.value).leaf_index;
    if (tree.leaf(from) == nullptr) throw ProtocolError("Update from a blank leaf");
    const LeafNode& leaf = std::get<Update>(rp->proposal.value).leaf_node;
    LeafNodeCheck c = check;
    c.source = LeafNodeSourceType::kUpdate;
    c.group_id = rules.group_id;
    c.leaf_index = from;
    validate_leaf_node(tree, leaf, c);
    tree.update_leaf(from, leaf);
    if (next.priv != nullptr && from == next.priv->leaf()) {
      if (rules.own_update_keys == nullptr)
        throw ProtocolError("commit applies an Update of ours we did not send");
      const auto& keys = *rules.own_update_keys;
      auto it = std::find_if(keys.begin(), keys.end(),
                             [&](const auto& k) { return k.first == leaf.encryption_key; });
      if (it == keys.end()) throw ProtocolError("commit applies an Update of ours we did not send");
      next.priv->set_key(tree::leaf_to_node(from), it->second);
    }
  }
  for (const ResolvedProposal* rp : of_type<Remove>(proposals)) {
    LeafIndex removed = std::get<Remove>(rp->proposal.value).removed;
    if (tree.leaf(removed) == nullptr) throw ProtocolError("Remove of a blank leaf");
    tree.remove_leaf(removed);
    next.summary.removed.push_back(removed);
    if (next.priv != nullptr && removed == next.priv->leaf()) next.summary.removed_self = true;
  }
  for (const ResolvedProposal* rp : of_type<Add>(proposals)) {
    const KeyPackage& kp = std::get<Add>(rp->proposal.value).key_package;
    LeafNodeCheck c = check;
    c.clock = rules.clock;
    validate_key_package(tree, rules.cipher_suite, kp, c);
    LeafIndex at = tree.add_leaf(kp.leaf_node);
    fx.added.push_back(at);
    fx.added_key_packages.push_back(kp);
    next.summary.added.push_back(at);
  }
  for (const ResolvedProposal* rp : of_type<PreSharedKey>(proposals)) {
    fx.psks.push_back(std::get<PreSharedKey>(rp->proposal.value).psk);
  }
  for (const ResolvedProposal* rp : of_type<ExternalInit>(proposals)) {
    fx.external_init = &std::get<ExternalInit>(rp->proposal.value);
  }
  for (const ResolvedProposal* rp : of_type<ReInit>(proposals)) {
    next.summary.reinit = std::get<ReInit>(rp->proposal.value);
  }
  if (!of_type<GroupContextExtensions>(proposals).empty())
    check_group_extensions(tree, next.context.extensions);
  return fx;
}

void check_proposal_sender(SenderType st, ProposalType type) {
  if (st == SenderType::kExternal && type != kProposalAdd && type != kProposalRemove &&
      type != kProposalPsk && type != kProposalReinit && type != kProposalGroupContextExtensions) {
    throw ProtocolError("proposal type not allowed from an external sender");
  }
  if (st == SenderType::kNewMemberProposal && type != kProposalAdd) {
    throw ProtocolError("a new_member_proposal sender may only propose Add");
  }
  if (st == SenderType::kNewMemberCommit)
    throw ProtocolError("proposal from a new_member_commit sender");
  if (type == kProposalExternalInit)
    throw ProtocolError("ExternalInit sent as a standalone proposal");
  if (type == kProposalUpdate && st != SenderType::kMember)
    throw ProtocolError("Update from a non-member");
}

}  // namespace zt::mls
