// Processing a commit from another member or an external joiner (RFC 9420
// section 12.4.2) on a staged next epoch, installed only when the
// confirmation tag verified. The secret-free part (proposals, path merge,
// transcript hashes) is stage_public_commit, shared with the public view.
#include "public_commit.h"
#include "zt/crypto/hpke.h"
#include "zt/mls/labels.h"
#include "zt/mls/leaf_node_validation.h"
#include "zt/mls/transcript_hash.h"

namespace zt::mls {

crypto::SecretBytes external_init_secret(const crypto::SuiteAlgorithms& suite,
                                         BytesView external_secret, BytesView kem_output) {
  crypto::Hpke hpke(suite.hpke_suite());
  crypto::KemKeyPair keys = hpke.kem().derive_key_pair(external_secret);
  crypto::HpkeSetup setup;
  auto ctx = hpke.setup_receiver(kem_output, keys.private_key.reveal(), setup);
  return ctx.export_secret(mls_label("external init secret"), suite.nh);
}

Received GroupAccess::handle_commit(Group& g, const AuthenticatedContent& content) {
  const crypto::SuiteAlgorithms& su = suite(g);
  const auto* member = std::get_if<MemberSender>(&content.content.sender.value);
  if (member != nullptr && member->leaf_index == g.priv_->leaf())
    throw ProtocolError("own commit: use merge_pending_commit");

  NextEpoch next = stage(g);
  const ProposalRules rules{g.context_.group_id, g.context_.cipher_suite, g.options_.credentials,
                            g.options_.clock, &g.own_update_keys_};
  const StagedCommit staged =
      stage_public_commit(rules, *g.tree_, g.proposals_, g.interim_transcript_hash_, content, next);
  if (next.summary.removed_self) {
    // A removed member cannot derive the new epoch (it gets no path secret);
    // the commit's signature verified, so it only learns that it left.
    g.active_ = false;
    g.proposals_.clear();
    return next.summary;
  }
  const Commit& commit = std::get<Commit>(content.content.content);
  crypto::SecretBytes commit_secret(zero_secret(su));
  if (commit.path) {
    // The path secrets were encrypted to the provisional GroupContext: the
    // new tree hash with the confirmed transcript hash of the old epoch.
    GroupContext provisional = next.context;
    provisional.confirmed_transcript_hash = g.context_.confirmed_transcript_hash;
    commit_secret = decrypt_update_path(*next.tree, *next.priv, *staged.committer, *commit.path,
                                        provisional, staged.fx.added)
                        .commit_secret;
  }
  crypto::SecretBytes init_secret = g.secrets_.init_secret;
  if (staged.kind == CommitKind::kExternal) {
    init_secret = external_init_secret(su, g.secrets_.external_secret.reveal(),
                                       staged.fx.external_init->kem_output);
  }
  const crypto::SecretBytes psk = psk_secret(su, resolve_psks(g, staged.fx.psks));
  const Mac received = next.confirmation_tag;  // staged with the transcript hashes
  enter_epoch(su, next, init_secret.reveal(), commit_secret.reveal(), psk.reveal(), &received);
  next.priv->prune(*next.tree);
  AppliedCommit summary = next.summary;
  install(g, std::move(next));
  return summary;
}

}  // namespace zt::mls
