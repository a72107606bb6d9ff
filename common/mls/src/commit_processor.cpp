// Processing a commit from another member or an external joiner (RFC 9420
// section 12.4.2) on a staged next epoch, installed only when the
// confirmation tag verified.
#include <algorithm>

#include "group_internal.h"
#include "zt/crypto/hpke.h"
#include "zt/mls/labels.h"
#include "zt/mls/leaf_node_validation.h"
#include "zt/mls/transcript_hash.h"

namespace zt::mls {
namespace {

std::vector<ResolvedProposal> resolve(const Group& g,
                                      const std::vector<Group::CachedProposal>& cache,
                                      const Commit& commit, const Sender& committer) {
  std::vector<ResolvedProposal> out;
  out.reserve(commit.proposals.size());
  for (const ProposalOrRef& por : commit.proposals) {
    if (const auto* p = std::get_if<Proposal>(&por.value)) {
      out.push_back({*p, committer});
      continue;
    }
    const ProposalRef& ref = std::get<ProposalRef>(por.value);
    auto it = std::find_if(cache.begin(), cache.end(),
                           [&](const Group::CachedProposal& c) { return c.ref == ref; });
    if (it == cache.end()) throw ProtocolError("commit references an unknown proposal");
    out.push_back({it->proposal, it->sender});
  }
  (void)g;
  return out;
}

// Section 12.2: the Remove in an external commit removes the joiner's own
// old leaf (resync), so the new leaf must name the same member.
void check_resync(const RatchetTreeState& tree, const AppliedCommit& summary,
                  const Commit& commit) {
  if (summary.removed.empty()) return;
  if (!commit.path) throw ProtocolError("commit without a required path");
  const LeafNode* old = tree.leaf(summary.removed.front());
  if (old == nullptr || !same_member(old->credential, commit.path->leaf_node.credential)) {
    throw ProtocolError("external commit removes the leaf of another member");
  }
}

}  // namespace

crypto::SecretBytes external_init_secret(const SuiteInfo& suite, BytesView external_secret,
                                         BytesView kem_output) {
  crypto::Hpke hpke(suite.hpke_suite());
  crypto::KemKeyPair keys = hpke.kem().derive_key_pair(external_secret);
  crypto::HpkeSetup setup;
  auto ctx = hpke.setup_receiver(kem_output, keys.private_key.reveal(), setup);
  return ctx.export_secret(mls_label("external init secret"), suite.nh);
}

Received GroupAccess::handle_commit(Group& g, const AuthenticatedContent& content) {
  const SuiteInfo& su = suite(g);
  const Commit& commit = std::get<Commit>(content.content.content);
  const Sender& sender = content.content.sender;
  CommitKind kind = CommitKind::kMember;
  std::optional<LeafIndex> committer;
  if (const auto* m = std::get_if<MemberSender>(&sender.value)) {
    committer = m->leaf_index;
    if (*committer == g.priv_->leaf()) throw ProtocolError("own commit: use merge_pending_commit");
  } else if (sender.type() == SenderType::kNewMemberCommit) {
    kind = CommitKind::kExternal;
    for (const ProposalOrRef& por : commit.proposals) {
      if (!std::holds_alternative<Proposal>(por.value))
        throw ProtocolError("external commit with a reference");
    }
  } else {
    throw ProtocolError("commit from a sender that cannot commit");
  }

  NextEpoch next = stage(g);
  std::vector<ResolvedProposal> proposals = resolve(g, g.proposals_, commit, sender);
  ProposalEffects fx = apply_proposals(g, next, proposals, committer, kind);
  if (fx.path_required && !commit.path) throw ProtocolError("commit without a required path");
  if (kind == CommitKind::kExternal) check_resync(*g.tree_, next.summary, commit);

  if (next.summary.removed_self) {
    // A removed member cannot derive the new epoch (it gets no path secret);
    // the commit's signature verified, so it only learns that it left.
    if (fx.path_required && !commit.path) throw ProtocolError("commit without a required path");
    g.active_ = false;
    g.proposals_.clear();
    return next.summary;
  }
  crypto::SecretBytes commit_secret(zero_secret(su));
  if (commit.path) {
    if (kind == CommitKind::kExternal) committer = next.tree->add_leaf(commit.path->leaf_node);
    LeafNodeCheck check;
    check.source = LeafNodeSourceType::kCommit;
    check.group_id = g.context_.group_id;
    check.leaf_index = committer;
    check.group_extensions = &next.context.extensions;
    check.credentials = g.options_.credentials;
    validate_leaf_node(*next.tree, commit.path->leaf_node, check);
    merge_update_path(*next.tree, *committer, commit.path.value());
    next.context.tree_hash = next.tree->tree_hash();
    commit_secret = decrypt_update_path(*next.tree, *next.priv, *committer, *commit.path,
                                        next.context, fx.added)
                        .commit_secret;
  } else {
    next.context.tree_hash = next.tree->tree_hash();
  }

  crypto::SecretBytes init_secret = g.secrets_.init_secret;
  if (kind == CommitKind::kExternal) {
    init_secret =
        external_init_secret(su, g.secrets_.external_secret.reveal(), fx.external_init->kem_output);
  }
  const crypto::SecretBytes psk = psk_secret(su, resolve_psks(g, fx.psks));
  TranscriptHashes hashes = update_transcript_hashes(su, g.interim_transcript_hash_, content);
  next.context.confirmed_transcript_hash = hashes.confirmed;
  next.secrets = derive_epoch_secrets(su, init_secret.reveal(), commit_secret.reveal(),
                                      psk.reveal(), next.context);
  if (!verify_confirmation_tag(su, next.secrets.confirmation_key.reveal(), hashes.confirmed,
                               *content.auth.confirmation_tag)) {
    throw ProtocolError("confirmation tag does not verify");
  }
  next.interim = std::move(hashes.interim);
  next.confirmation_tag = *content.auth.confirmation_tag;
  next.priv->prune(*next.tree);
  AppliedCommit summary = next.summary;
  install(g, std::move(next));
  return summary;
}

}  // namespace zt::mls
