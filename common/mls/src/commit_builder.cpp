// Building a commit (RFC 9420 section 12.4.1) and the Welcome for the
// members it adds (12.4.3.1). The next epoch is staged until the Delivery
// Service accepted the commit (merge_pending_commit).
#include <algorithm>

#include "group_internal.h"
#include "zt/base/parallel_for.h"
#include "zt/crypto/aead.h"
#include "zt/mls/transcript_hash.h"

namespace zt::mls {
namespace {

std::vector<ResolvedProposal> collect(const Group::CachedProposal* begin,
                                      const Group::CachedProposal* end, LeafIndex me,
                                      std::vector<ProposalOrRef>& refs) {
  std::vector<ResolvedProposal> out;
  for (const Group::CachedProposal* c = begin; c != end; ++c) {
    const auto* m = std::get_if<MemberSender>(&c->sender.value);
    if (m != nullptr && m->leaf_index == me && std::holds_alternative<Update>(c->proposal.value))
      continue;
    out.push_back({c->proposal, c->sender});
    refs.push_back(ProposalOrRef{c->ref});
  }
  return out;
}

MlsMessage make_welcome(const crypto::SuiteAlgorithms& su, CipherSuite suite_id,
                        const NextEpoch& next, const GroupInfo& info, const ProposalEffects& fx,
                        const CreatedUpdatePath* path, LeafIndex me) {
  WelcomeKey key = welcome_key(su, next.secrets.welcome_secret.reveal());
  Welcome w;
  w.cipher_suite = suite_id;
  w.encrypted_group_info =
      crypto::aead_seal(su.aead, key.key.reveal(), key.nonce.reveal(), {}, encode(info));
  // One HPKE seal per new member, independent of each other: on every core
  // (a bulk add of N-1 members seals N-1 times).
  w.secrets.resize(fx.added.size());
  parallel_for(fx.added.size(), [&](size_t i) {
    const KeyPackage& kp = fx.added_key_packages[i];
    GroupSecrets gs;
    gs.joiner_secret = next.secrets.joiner_secret;
    gs.psks = fx.psks;
    if (path != nullptr) {
      NodeIndex lca =
          tree::common_ancestor(tree::leaf_to_node(me), tree::leaf_to_node(fx.added[i]));
      auto it = std::find_if(path->path_secrets.begin(), path->path_secrets.end(),
                             [&](const auto& ps) { return ps.first == lca; });
      if (it != path->path_secrets.end()) {
        gs.path_secret = PathSecret{it->second};
      }
    }
    const crypto::SecretBytes plain = encode_secret(gs);
    w.secrets[i] = {make_key_package_ref(su, kp), encrypt_with_label(su, kp.init_key, "Welcome",
                                                                     w.encrypted_group_info,
                                                                     plain.reveal())};
  });
  return MlsMessage{ProtocolVersion::kMls10, std::move(w)};
}

}  // namespace

GroupInfo GroupAccess::make_group_info(const GroupContext& context, const RatchetTreeState& tree,
                                       const EpochSecrets& secrets, const Mac& tag,
                                       LeafIndex signer, BytesView signature_priv, bool with_tree) {
  const crypto::SuiteAlgorithms& su = suite_algorithms(context.cipher_suite);
  GroupInfo gi;
  gi.group_context = context;
  if (with_tree) gi.extensions.push_back({kExtensionRatchetTree, encode(tree.to_wire())});
  gi.extensions.push_back({kExtensionExternalPub, encode(ExternalPub{external_public_key(
                                                      su, secrets.external_secret.reveal())})});
  gi.confirmation_tag = tag;
  gi.signer = signer;
  gi.signature = sign_with_label(su, signature_priv, "GroupInfoTBS", encode(group_info_tbs(gi)));
  return gi;
}

MlsMessage Group::group_info(bool with_tree) const {
  if (reinit_) throw ProtocolError("the group was reinitialized (ReInit): no more joins");
  return MlsMessage{
      ProtocolVersion::kMls10,
      GroupAccess::make_group_info(context_, *tree_, secrets_, confirmation_tag_, priv_->leaf(),
                                   signature_priv_.reveal(), with_tree)};
}

CommitResult Group::commit(CommitOptions options) {
  return GroupAccess::commit(*this, std::move(options), CommitKind::kMember, {});
}

CommitResult GroupAccess::commit(Group& g, CommitOptions options, CommitKind kind,
                                 std::span<const PskWithSecret> imported) {
  require_active(g);
  const crypto::SuiteAlgorithms& su = suite(g);
  const LeafIndex me = g.priv_->leaf();
  Commit commit;
  std::vector<ResolvedProposal> resolved;
  if (options.include_pending) {
    resolved = collect(g.proposals_.data(), g.proposals_.data() + g.proposals_.size(), me,
                       commit.proposals);
  }
  for (Proposal& p : options.proposals) {
    resolved.push_back({p, Sender{MemberSender{me}}});
    commit.proposals.push_back(ProposalOrRef{std::move(p)});
  }

  NextEpoch next = stage(g);
  ProposalEffects fx = apply_proposals(g, next, resolved, me, kind);
  std::optional<CreatedUpdatePath> path;
  crypto::SecretBytes commit_secret(zero_secret(su));
  if (fx.path_required || options.force_path) {
    UpdatePathInput input{*g.tree_->leaf(me), g.signature_priv_.reveal(), fx.added};
    path = create_update_path(*next.tree, *next.priv, input, next.context);
    commit_secret = path->commit_secret;
    commit.path = path->path;
  } else {
    next.context.tree_hash = next.tree->tree_hash();
  }

  AuthenticatedContent content =
      sign(g, Content{std::move(commit)}, {}, g.options_.handshake_wire_format);
  next.context.confirmed_transcript_hash =
      confirmed_transcript_hash(su, g.interim_transcript_hash_, content);
  const crypto::SecretBytes psk = psk_secret(su, resolve_psks(g, fx.psks, imported));
  const Mac tag = enter_epoch(su, next, g.secrets_.init_secret.reveal(), commit_secret.reveal(),
                              psk.reveal());
  content.auth.confirmation_tag = tag;
  next.priv->prune(*next.tree);

  CommitResult result{protect(g, content), std::nullopt};
  if (!fx.added.empty()) {
    GroupInfo info = make_group_info(next.context, *next.tree, next.secrets, tag, me,
                                     g.signature_priv_.reveal(), options.inline_tree);
    result.welcome =
        make_welcome(su, g.context_.cipher_suite, next, info, fx, path ? &*path : nullptr, me);
  }
  g.pending_ = std::make_unique<Group::Pending>();
  g.pending_->next = std::move(next);
  g.pending_->commit_bytes = encode(result.commit);
  return result;
}

void Group::merge_pending_commit() {
  if (pending_ == nullptr) throw ProtocolError("no pending commit");
  std::unique_ptr<Pending> p = std::move(pending_);
  const bool removed = p->next.summary.removed_self;
  GroupAccess::install(*this, std::move(p->next));
  if (removed) active_ = false;
}

void Group::discard_pending_commit() { pending_.reset(); }

}  // namespace zt::mls
