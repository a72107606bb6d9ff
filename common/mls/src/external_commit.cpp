// Joining by external commit (RFC 9420 section 12.4.3.2): the joiner takes
// the GroupInfo's external_pub, derives the init secret by HPKE export and
// commits an ExternalInit (and optionally the Remove of its old leaf) with
// a path, as sender new_member_commit, and any external PSKs it injects.
#include "group_internal.h"
#include "zt/crypto/hpke.h"
#include "zt/mls/labels.h"
#include "zt/mls/transcript_hash.h"

namespace zt::mls {

namespace {

// The resync Remove names this client's own old leaf (section 12.2).
void check_own_resync(const RatchetTreeState& tree, uint32_t removed, const KeyPackageBundle& me) {
  const LeafNode* old = tree.leaf(removed);
  if (old == nullptr) throw ProtocolError("resync Remove of a blank leaf");
  if (!same_member(old->credential, me.key_package.leaf_node.credential))
    throw ProtocolError("resync Remove of the leaf of another member");
}

}  // namespace

Group::ExternalJoin Group::join_external(const MlsMessage& message, const KeyPackageBundle& me,
                                         const std::optional<RatchetTree>& given,
                                         GroupOptions options,
                                         std::optional<uint32_t> resync_remove,
                                         crypto::RandomSource& random) {
  return join_external(message, me, ExternalJoinParams{given, options, resync_remove, {}}, random);
}

Group::ExternalJoin Group::join_external(const MlsMessage& message, const KeyPackageBundle& me,
                                         ExternalJoinParams params, crypto::RandomSource& random) {
  if (params.resync_remove) {
    const auto* gi = std::get_if<GroupInfo>(&message.message);
    if (gi == nullptr) throw ProtocolError("not a GroupInfo");
    RatchetTreeState tree =
        tree_from_group_info(suite_algorithms(gi->group_context.cipher_suite), *gi, params.tree);
    check_own_resync(tree, *params.resync_remove, me);
  }
  return GroupAccess::build_external_commit(message, me, std::move(params), random);
}

Group::ExternalJoin GroupAccess::build_external_commit(const MlsMessage& message,
                                                       const KeyPackageBundle& me,
                                                       ExternalJoinParams params,
                                                       crypto::RandomSource& random) {
  const std::optional<RatchetTree>& given = params.tree;
  const std::optional<uint32_t>& resync_remove = params.resync_remove;
  const auto* gi = std::get_if<GroupInfo>(&message.message);
  if (gi == nullptr) throw ProtocolError("not a GroupInfo");
  const GroupContext& old_context = gi->group_context;
  const crypto::SuiteAlgorithms& su = suite_algorithms(old_context.cipher_suite);
  RatchetTreeState tree = tree_from_group_info(su, *gi, given);
  verify_group_info(su, *gi, tree, params.options.credentials);
  const Extension* pub_ext = find_extension(gi->extensions, kExtensionExternalPub);
  if (pub_ext == nullptr) throw JoinError("GroupInfo has no external_pub");
  auto pub = decode<ExternalPub>(pub_ext->extension_data);
  if (!pub) throw malformed("external_pub extension", pub.error());

  crypto::Hpke hpke(su.hpke_suite());
  crypto::HpkeSetup setup;
  crypto::HpkeSender sender = hpke.setup_sender(pub->external_pub, setup, random);
  const crypto::SecretBytes init_secret =
      sender.context.export_secret(mls_label("external init secret"), su.nh);

  Commit commit;
  commit.proposals.push_back(ProposalOrRef{Proposal{ExternalInit{sender.enc}}});
  NextEpoch next;
  next.context = old_context;
  next.context.epoch = old_context.epoch + 1;
  next.tree = std::make_unique<RatchetTreeState>(std::move(tree));
  if (resync_remove) {
    if (next.tree->leaf(*resync_remove) == nullptr)
      throw ProtocolError("resync Remove of a blank leaf");
    next.tree->remove_leaf(*resync_remove);
    commit.proposals.push_back(ProposalOrRef{Proposal{Remove{*resync_remove}}});
  }
  std::vector<PskWithSecret> psks;
  for (const ExternalPskEntry& e : params.psks) {
    PreSharedKeyId id{ExternalPsk{e.psk_id}, random.bytes(su.nh)};
    commit.proposals.push_back(ProposalOrRef{Proposal{PreSharedKey{id}}});
    psks.push_back({std::move(id), e.psk});
  }
  const LeafIndex leaf = next.tree->add_leaf(me.key_package.leaf_node);
  next.priv = std::make_unique<TreeKemPrivateKey>(su, leaf);
  UpdatePathInput input{me.key_package.leaf_node, me.signature_private_key.reveal(), {}};
  CreatedUpdatePath path = create_update_path(*next.tree, *next.priv, input, next.context, random);
  commit.path = path.path;

  FramedContent fc{old_context.group_id,
                   old_context.epoch,
                   Sender{NewMemberCommitSender{}},
                   {},
                   Content{commit}};
  AuthenticatedContent content =
      sign_framed_content(su, me.signature_private_key.reveal(), WireFormat::kPublicMessage,
                          std::move(fc), old_context);
  const Bytes interim_before =
      interim_transcript_hash(su, old_context.confirmed_transcript_hash, gi->confirmation_tag);
  next.context.confirmed_transcript_hash = confirmed_transcript_hash(su, interim_before, content);
  content.auth.confirmation_tag = enter_epoch(su, next, init_secret.reveal(),
                                              path.commit_secret.reveal(),
                                              psk_secret(su, psks).reveal());
  auto wire = protect_public(su, content, old_context, {});
  if (!wire) throw MessageRejected(wire.error().code());

  Group g = make();
  g.options_ = params.options;
  g.signature_priv_ = me.signature_private_key;
  g.external_psks_ = std::move(params.psks);
  install(g, std::move(next));
  return Group::ExternalJoin{std::move(g), MlsMessage{ProtocolVersion::kMls10, std::move(*wire)}};
}

}  // namespace zt::mls
