// Group creation (section 11), the epoch installation shared by every path
// into a new epoch, the exporter with past-epoch retention, the roster.
// PSK resolution lives in resumption_psk.cpp.
#include <algorithm>

#include "group_internal.h"
#include "zt/mls/leaf_node_signature.h"
#include "zt/mls/transcript_hash.h"

namespace zt::mls {

Group::Group() = default;
Group::Group(Group&&) noexcept = default;
Group& Group::operator=(Group&&) noexcept = default;
Group::~Group() = default;

NextEpoch GroupAccess::stage(const Group& g) {
  NextEpoch next;
  next.context = g.context_;
  next.context.epoch = g.context_.epoch + 1;
  next.tree = std::make_unique<RatchetTreeState>(*g.tree_);
  next.priv = std::make_unique<TreeKemPrivateKey>(*g.priv_);
  next.summary.epoch = next.context.epoch;
  return next;
}

void GroupAccess::install(Group& g, NextEpoch next) {
  if (g.tree_ != nullptr && !g.secrets_.exporter_secret.empty()) {
    g.retained_.push_back({g.context_.epoch, std::move(g.secrets_.exporter_secret),
                           std::move(g.secrets_.resumption_psk)});
    while (g.retained_.size() > g.options_.retained_epochs) g.retained_.pop_front();
  }
  g.context_ = std::move(next.context);
  g.tree_ = std::move(next.tree);
  g.priv_ = std::move(next.priv);
  g.secrets_ = std::move(next.secrets);
  g.interim_transcript_hash_ = std::move(next.interim);
  g.confirmation_tag_ = std::move(next.confirmation_tag);
  g.secret_tree_ = std::make_unique<SecretTree>(suite(g), g.secrets_.encryption_secret.reveal(),
                                                g.tree_->leaf_count(), g.options_.secret_tree);
  g.secrets_.encryption_secret.wipe();  // the secret tree deletes as it derives (section 9.2)
  g.proposals_.clear();
  g.own_update_keys_.clear();
  g.pending_.reset();
  if (next.summary.reinit) {
    // Section 11.2: the old group is shut down; only its secrets remain.
    g.reinit_ = std::move(next.summary.reinit);
    g.active_ = false;
  }
}

void GroupAccess::require_active(const Group& g) {
  if (g.reinit_) throw ProtocolError("the group was reinitialized (ReInit): use the new group");
  if (!g.active_) throw ProtocolError("this member left the group");
}

Group Group::create(Bytes group_id, const KeyPackageBundle& me, Extensions group_extensions,
                    GroupOptions options, crypto::RandomSource& random) {
  const KeyPackage& kp = me.key_package;
  const SuiteInfo& suite = suite_info(kp.cipher_suite);
  Group g;
  g.options_ = options;
  g.signature_priv_ = me.signature_private_key;
  g.context_.cipher_suite = kp.cipher_suite;
  g.context_.group_id = std::move(group_id);
  g.context_.extensions = std::move(group_extensions);

  NextEpoch next;
  next.context = g.context_;
  next.tree = std::make_unique<RatchetTreeState>(suite);
  next.tree->add_leaf(kp.leaf_node);
  next.priv = std::make_unique<TreeKemPrivateKey>(suite, 0);
  next.priv->set_key(tree::leaf_to_node(0), me.encryption_private_key);
  next.context.tree_hash = next.tree->tree_hash();
  next.context.confirmed_transcript_hash.clear();
  const Bytes init_secret = random.bytes(suite.nh);
  next.secrets = derive_epoch_secrets(suite, init_secret, zero_secret(suite), {}, next.context);
  const Mac tag = confirmation_tag(suite, next.secrets.confirmation_key.reveal(), {});
  next.interim = interim_transcript_hash(suite, {}, tag);
  next.confirmation_tag = tag;
  GroupAccess::install(g, std::move(next));
  return g;
}

crypto::SecretBytes Group::export_secret(std::string_view label, BytesView context,
                                         size_t length) const {
  return mls_exporter(suite_info(context_.cipher_suite), secrets_.exporter_secret.reveal(), label,
                      context, length);
}

crypto::SecretBytes Group::export_secret(uint64_t epoch, std::string_view label, BytesView context,
                                         size_t length) const {
  if (epoch == context_.epoch) return export_secret(label, context, length);
  for (const RetainedEpoch& r : retained_) {
    if (r.epoch == epoch) {
      return mls_exporter(suite_info(context_.cipher_suite), r.exporter_secret.reveal(), label,
                          context, length);
    }
  }
  throw EpochMismatch("epoch " + std::to_string(epoch) + " is not retained");
}

std::vector<RosterEntry> Group::roster() const {
  std::vector<RosterEntry> out;
  for (LeafIndex i = 0; i < tree_->leaf_count(); ++i) {
    const LeafNode* leaf = tree_->leaf(i);
    if (leaf == nullptr) continue;
    RosterEntry e;
    e.leaf = i;
    if (options_.credentials != nullptr) {
      e.identity = options_.credentials->verify(leaf->credential, leaf->signature_key);
    } else if (const auto* basic = std::get_if<BasicCredential>(&leaf->credential.value)) {
      e.identity.basic_identity = basic->identity;
    }
    out.push_back(std::move(e));
  }
  return out;
}

void Group::add_external_psk(Bytes psk_id, crypto::SecretBytes psk) {
  external_psks_.push_back({std::move(psk_id), std::move(psk)});
}

}  // namespace zt::mls
