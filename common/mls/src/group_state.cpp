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

size_t Group::EpochKeys::memory_bytes() const {
  size_t n = sizeof(EpochKeys) + context.group_id.size() + context.tree_hash.size() +
             context.confirmed_transcript_hash.size() + sender_data_secret.size() +
             secret_tree.memory_bytes() + signers.size() * sizeof(SignaturePublicKey);
  for (const Extension& e : context.extensions) n += sizeof(Extension) + e.extension_data.size();
  for (const SignaturePublicKey& k : signers) n += k.empty() ? 0 : k.size() + 16;
  return n;
}

void GroupAccess::drop_keys(Group& g, Group::RetainedEpoch& r) {
  if (r.keys == nullptr) return;
  g.evicted_keys_ += r.keys->secret_tree.evicted_keys();
  r.keys.reset();
}

void GroupAccess::retain_current_epoch(Group& g) {
  Group::RetainedEpoch r{g.context_.epoch, std::move(g.secrets_.exporter_secret),
                         std::move(g.secrets_.resumption_psk), nullptr};
  if (g.options_.retained_epochs > 0 && g.secret_tree_ != nullptr) {
    // The application keys of the epoch being left: its secret tree as it
    // stands (used keys stay deleted), the sender-data secret, and what
    // verifying a late message's signature needs.
    std::vector<SignaturePublicKey> signers(g.tree_->leaf_count());
    for (LeafIndex i = 0; i < signers.size(); ++i) {
      if (const LeafNode* leaf = g.tree_->leaf(i)) signers[i] = leaf->signature_key;
    }
    r.keys = std::make_unique<Group::EpochKeys>(
        Group::EpochKeys{std::move(g.context_), std::move(g.secrets_.sender_data_secret),
                         std::move(*g.secret_tree_), std::move(signers)});
  } else if (g.secret_tree_ != nullptr) {
    g.evicted_keys_ += g.secret_tree_->evicted_keys();
  }
  g.secret_tree_.reset();
  g.retained_.push_back(std::move(r));
  while (g.retained_.size() > g.options_.retained_epochs) {
    drop_keys(g, g.retained_.front());
    g.retained_.pop_front();
  }
  enforce_key_bytes(g);
}

void GroupAccess::enforce_key_bytes(Group& g) {
  size_t total = 0;
  for (const Group::RetainedEpoch& r : g.retained_) total += r.keys ? r.keys->memory_bytes() : 0;
  for (Group::RetainedEpoch& r : g.retained_) {  // oldest first
    if (total <= g.options_.retained_key_bytes) break;
    if (r.keys == nullptr) continue;
    total -= r.keys->memory_bytes();
    drop_keys(g, r);
    ++g.evicted_epochs_;
  }
}

Group::EpochKeys* GroupAccess::epoch_keys(Group& g, uint64_t epoch) {
  for (Group::RetainedEpoch& r : g.retained_) {
    if (r.epoch == epoch) return r.keys.get();
  }
  return nullptr;
}

void GroupAccess::install(Group& g, NextEpoch next) {
  if (g.tree_ != nullptr && !g.secrets_.exporter_secret.empty()) retain_current_epoch(g);
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
  const crypto::SuiteAlgorithms& suite = suite_algorithms(kp.cipher_suite);
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
  enter_epoch(suite, next, init_secret, zero_secret(suite), {});
  GroupAccess::install(g, std::move(next));
  return g;
}

crypto::SecretBytes Group::export_secret(std::string_view label, BytesView context,
                                         size_t length) const {
  return mls_exporter(suite_algorithms(context_.cipher_suite), secrets_.exporter_secret.reveal(),
                      label, context, length);
}

crypto::SecretBytes Group::export_secret(uint64_t epoch, std::string_view label, BytesView context,
                                         size_t length) const {
  if (epoch == context_.epoch) return export_secret(label, context, length);
  for (const RetainedEpoch& r : retained_) {
    if (r.epoch == epoch) {
      return mls_exporter(suite_algorithms(context_.cipher_suite), r.exporter_secret.reveal(),
                          label, context, length);
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

KeyMemory Group::key_memory() const {
  KeyMemory m;
  m.evicted_keys = evicted_keys_;
  m.evicted_epochs = evicted_epochs_;
  if (secret_tree_ != nullptr) {
    m.current_retained_keys = secret_tree_->retained_keys();
    m.evicted_keys += secret_tree_->evicted_keys();
  }
  for (const RetainedEpoch& r : retained_) {
    if (r.keys == nullptr) continue;
    ++m.retained_epochs_with_keys;
    m.retained_key_bytes += r.keys->memory_bytes();
    m.evicted_keys += r.keys->secret_tree.evicted_keys();
  }
  return m;
}

void Group::add_external_psk(Bytes psk_id, crypto::SecretBytes psk) {
  external_psks_.push_back({std::move(psk_id), std::move(psk)});
}

}  // namespace zt::mls
