// Joining a group from a Welcome (RFC 9420 section 12.4.3.1): open the
// group secrets with the init key, the GroupInfo with the welcome key,
// verify the GroupInfo signature, the tree and the confirmation tag, then
// take the leaf and the path secret the committer left us.
#include <algorithm>

#include "group_internal.h"
#include "zt/crypto/aead.h"
#include "zt/mls/transcript_hash.h"
#include "zt/mls/tree_validation.h"

namespace zt::mls {
namespace {

GroupSecrets open_group_secrets(const crypto::SuiteAlgorithms& su, const Welcome& w,
                                const KeyPackageBundle& me) {
  const KeyPackageRef ref = make_key_package_ref(su, me.key_package);
  auto it = std::find_if(w.secrets.begin(), w.secrets.end(),
                         [&](const EncryptedGroupSecrets& e) { return e.new_member == ref; });
  if (it == w.secrets.end()) throw JoinError("Welcome holds no secrets for this KeyPackage");
  auto plain = decrypt_with_label(su, me.init_private_key.reveal(), "Welcome",
                                  w.encrypted_group_info, it->encrypted_group_secrets.kem_output,
                                  it->encrypted_group_secrets.ciphertext);
  if (!plain) throw JoinError("group secrets do not decrypt");
  auto gs = decode<GroupSecrets>(plain->reveal());
  if (!gs) throw malformed("GroupSecrets", gs.error());
  return std::move(*gs);
}

}  // namespace

RatchetTreeState tree_from_group_info(const crypto::SuiteAlgorithms& su, const GroupInfo& gi,
                                      const std::optional<RatchetTree>& given) {
  if (const Extension* ext = find_extension(gi.extensions, kExtensionRatchetTree)) {
    auto nodes = decode<RatchetTree>(ext->extension_data);
    if (!nodes) throw malformed("ratchet_tree extension", nodes.error());
    return RatchetTreeState::from_wire(su, std::move(*nodes));
  }
  if (!given) throw JoinError("no ratchet tree: neither in the GroupInfo nor given");
  return RatchetTreeState::from_wire(su, *given);
}

void verify_group_info(const crypto::SuiteAlgorithms& su, const GroupInfo& gi,
                       const RatchetTreeState& tree, const CredentialVerifier* credentials) {
  const LeafNode* signer = tree.leaf(gi.signer);
  if (signer == nullptr) throw ProtocolError("GroupInfo signer is not a member");
  if (!verify_with_label(su, signer->signature_key, "GroupInfoTBS", encode(group_info_tbs(gi)),
                         gi.signature)) {
    throw ProtocolError("GroupInfo signature does not verify");
  }
  // Leaf signatures and credentials are checked in parallel on every core.
  TreeValidationOptions checks;
  checks.credentials = credentials;
  auto valid =
      validate_joined_tree(tree, gi.group_context.group_id, gi.group_context.tree_hash, checks);
  if (!valid) throw ProtocolError("ratchet tree invalid: " + valid.error());
}

Group Group::join(const MlsMessage& message, const KeyPackageBundle& me,
                  const std::optional<RatchetTree>& given, GroupOptions options,
                  std::vector<ExternalPskEntry> external_psks) {
  return GroupAccess::join(message, me, nullptr, given, options, std::move(external_psks));
}

Group Group::join(const MlsMessage& message, const KeyPackageBundle& me,
                  const Group& resumption_source, const std::optional<RatchetTree>& given,
                  GroupOptions options, std::vector<ExternalPskEntry> external_psks) {
  return GroupAccess::join(message, me, &resumption_source, given, options,
                           std::move(external_psks));
}

Group GroupAccess::join(const MlsMessage& message, const KeyPackageBundle& me, const Group* source,
                        const std::optional<RatchetTree>& given, GroupOptions options,
                        std::vector<ExternalPskEntry> external_psks) {
  const auto* w = std::get_if<Welcome>(&message.message);
  if (w == nullptr) throw ProtocolError("not a Welcome");
  if (w->cipher_suite != me.key_package.cipher_suite)
    throw JoinError("Welcome cipher suite differs");
  const crypto::SuiteAlgorithms& su = suite_algorithms(w->cipher_suite);
  GroupSecrets gs = open_group_secrets(su, *w, me);
  const crypto::SecretBytes joiner = std::move(gs.joiner_secret);
  const crypto::SecretBytes psk =
      psk_secret(su, resolve_welcome_psks(external_psks, source, gs.psks));

  const crypto::SecretBytes member = kdf_extract(su, joiner.reveal(), psk.reveal());
  const crypto::SecretBytes welcome_secret = derive_secret(su, member.reveal(), "welcome");
  WelcomeKey key = welcome_key(su, welcome_secret.reveal());
  auto gi_bytes =
      crypto::aead_open(su.aead, key.key.reveal(), key.nonce.reveal(), {}, w->encrypted_group_info);
  if (!gi_bytes) throw ProtocolError("GroupInfo does not decrypt");
  auto gi = decode<GroupInfo>(*gi_bytes);
  if (!gi) throw malformed("GroupInfo", gi.error());
  if (gi->group_context.cipher_suite != w->cipher_suite)
    throw ProtocolError("GroupInfo cipher suite differs");

  NextEpoch next;
  next.tree = std::make_unique<RatchetTreeState>(tree_from_group_info(su, *gi, given));
  verify_group_info(su, *gi, *next.tree, options.credentials);
  std::optional<LeafIndex> own;
  for (LeafIndex i = 0; i < next.tree->leaf_count(); ++i) {
    const LeafNode* leaf = next.tree->leaf(i);
    if (leaf != nullptr && *leaf == me.key_package.leaf_node) own = i;
  }
  if (!own) throw JoinError("our leaf is not in the tree");
  next.context = gi->group_context;
  next.priv = std::make_unique<TreeKemPrivateKey>(su, *own);
  next.priv->set_key(tree::leaf_to_node(*own), me.encryption_private_key);
  if (gs.path_secret) {
    NodeIndex lca = tree::common_ancestor(tree::leaf_to_node(*own), tree::leaf_to_node(gi->signer));
    next.priv->implant_path_secret(*next.tree, lca, gs.path_secret->path_secret.reveal());
  }
  next.secrets = derive_epoch_secrets_from_joiner(su, joiner.reveal(), psk.reveal(), next.context);
  if (!verify_confirmation_tag(su, next.secrets.confirmation_key.reveal(),
                               next.context.confirmed_transcript_hash, gi->confirmation_tag)) {
    throw ProtocolError("GroupInfo confirmation tag does not verify");
  }
  next.interim =
      interim_transcript_hash(su, next.context.confirmed_transcript_hash, gi->confirmation_tag);
  next.confirmation_tag = gi->confirmation_tag;

  Group g = make();
  g.options_ = options;
  g.signature_priv_ = me.signature_private_key;
  g.external_psks_ = std::move(external_psks);
  install(g, std::move(next));
  check_resumed_group(g, source, gs.psks);
  return g;
}

}  // namespace zt::mls
