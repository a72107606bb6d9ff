// The client state at rest (issue 4 item 5): everything a member needs to
// continue in its group, TLS-encoded and sealed with AES-256-GCM under a
// caller-supplied 32-byte key (random 12-byte nonce prepended). Pending
// proposals and an unmerged own commit are not kept.
//
// The secret tree is kept as its root secret plus this member's own sender
// generations, which are skipped again on restore so that no (key, nonce)
// pair is ever reused; keys of other senders' generations received before
// the save become available again (documented limitation).
#include <algorithm>

#include "group_internal.h"
#include "zt/crypto/aead.h"
#include "zt/crypto/random.h"

namespace zt::mls {
namespace {

constexpr std::string_view kStateAad = "zt mls client state v1";
constexpr size_t kNonceSize = 12;

struct NodeKeyWire {
  uint32_t node = 0;
  Bytes key;
  ZT_TLS_FIELDS(node, key)
};

struct RetainedWire {
  uint64_t epoch = 0;
  Bytes exporter_secret;
  Bytes resumption_psk;
  ZT_TLS_FIELDS(epoch, exporter_secret, resumption_psk)
};

struct PskWire {
  Bytes psk_id;
  Bytes psk;
  ZT_TLS_FIELDS(psk_id, psk)
};

struct SecretsWire {
  Bytes init_secret;
  Bytes sender_data_secret;
  Bytes encryption_secret;
  Bytes exporter_secret;
  Bytes epoch_authenticator;
  Bytes external_secret;
  Bytes confirmation_key;
  Bytes membership_key;
  Bytes resumption_psk;
  ZT_TLS_FIELDS(init_secret, sender_data_secret, encryption_secret, exporter_secret,
                epoch_authenticator, external_secret, confirmation_key, membership_key,
                resumption_psk)
};

struct MemberWire {
  uint32_t own_leaf = 0;
  std::vector<NodeKeyWire> tree_keys;
  Bytes signature_priv;
  uint32_t application_generation = 0;
  uint32_t handshake_generation = 0;
  uint8_t active = 1;
  ZT_TLS_FIELDS(own_leaf, tree_keys, signature_priv, application_generation, handshake_generation,
                active)
};

struct StateWire {
  GroupContext context;
  RatchetTree tree;
  MemberWire member;
  SecretsWire secrets;
  Bytes interim;
  Mac confirmation_tag;
  std::vector<RetainedWire> retained;
  std::vector<PskWire> external_psks;
  ZT_TLS_FIELDS(context, tree, member, secrets, interim, confirmation_tag, retained, external_psks)
};

Bytes raw(const crypto::SecretBytes& s) { return Bytes(s.reveal().begin(), s.reveal().end()); }
crypto::SecretBytes secret(Bytes& b) {
  crypto::SecretBytes out(b);
  std::fill(b.begin(), b.end(), 0);
  return out;
}

void check_key(BytesView key) {
  if (key.size() != 32) throw StateError("client state key must be 32 bytes");
}

}  // namespace

Bytes Group::serialize(BytesView key) const {
  check_key(key);
  StateWire w;
  w.context = context_;
  w.tree = tree_->to_wire();
  w.member.own_leaf = priv_->leaf();
  NodeIndex leaf_node = tree::leaf_to_node(priv_->leaf());
  std::vector<NodeIndex> nodes = tree::direct_path(leaf_node, tree_->leaf_count());
  nodes.insert(nodes.begin(), leaf_node);
  for (NodeIndex x : nodes) {
    if (const crypto::SecretBytes* k = priv_->key(x)) w.member.tree_keys.push_back({x, raw(*k)});
  }
  w.member.signature_priv = raw(signature_priv_);
  if (active_) {
    w.member.application_generation =
        secret_tree_->next_generation(priv_->leaf(), RatchetType::kApplication).value();
    w.member.handshake_generation =
        secret_tree_->next_generation(priv_->leaf(), RatchetType::kHandshake).value();
  }
  w.member.active = active_ ? 1 : 0;
  const EpochSecrets& s = secrets_;
  w.secrets = {raw(s.init_secret),      raw(s.sender_data_secret),  raw(s.encryption_secret),
               raw(s.exporter_secret),  raw(s.epoch_authenticator), raw(s.external_secret),
               raw(s.confirmation_key), raw(s.membership_key),      raw(s.resumption_psk)};
  w.interim = interim_transcript_hash_;
  w.confirmation_tag = confirmation_tag_;
  for (const RetainedEpoch& r : retained_)
    w.retained.push_back({r.epoch, raw(r.exporter_secret), raw(r.resumption_psk)});
  for (const ExternalPskEntry& p : external_psks_)
    w.external_psks.push_back({p.psk_id, raw(p.psk)});

  crypto::SecretBytes plain(encode(w));
  Bytes out = crypto::SystemRandom::instance().bytes(kNonceSize);
  Bytes sealed = crypto::aead_seal(crypto::AeadAlgorithm::kAes256Gcm, key, out, as_bytes(kStateAad),
                                   plain.reveal());
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

Group Group::restore(BytesView state, BytesView key, GroupOptions options) {
  check_key(key);
  if (state.size() < kNonceSize) throw StateError("client state truncated");
  auto plain = crypto::aead_open(crypto::AeadAlgorithm::kAes256Gcm, key, state.first(kNonceSize),
                                 as_bytes(kStateAad), state.subspan(kNonceSize));
  if (!plain) throw StateError("client state does not decrypt");
  auto decoded = decode<StateWire>(*plain);
  std::fill(plain->begin(), plain->end(), 0);
  if (!decoded) throw StateError("client state does not decode");
  StateWire& w = *decoded;
  const SuiteInfo& su = suite_info(w.context.cipher_suite);

  Group g;
  g.options_ = options;
  g.signature_priv_ = secret(w.member.signature_priv);
  NextEpoch next;
  next.context = std::move(w.context);
  next.tree =
      std::make_unique<RatchetTreeState>(RatchetTreeState::from_wire(su, std::move(w.tree)));
  next.priv = std::make_unique<TreeKemPrivateKey>(su, w.member.own_leaf);
  for (NodeKeyWire& k : w.member.tree_keys) next.priv->set_key(k.node, secret(k.key));
  SecretsWire& s = w.secrets;
  next.secrets.init_secret = secret(s.init_secret);
  next.secrets.sender_data_secret = secret(s.sender_data_secret);
  next.secrets.encryption_secret = secret(s.encryption_secret);
  next.secrets.exporter_secret = secret(s.exporter_secret);
  next.secrets.epoch_authenticator = secret(s.epoch_authenticator);
  next.secrets.external_secret = secret(s.external_secret);
  next.secrets.confirmation_key = secret(s.confirmation_key);
  next.secrets.membership_key = secret(s.membership_key);
  next.secrets.resumption_psk = secret(s.resumption_psk);
  next.interim = std::move(w.interim);
  next.confirmation_tag = std::move(w.confirmation_tag);
  GroupAccess::install(g, std::move(next));
  for (RetainedWire& r : w.retained)
    g.retained_.push_back({r.epoch, secret(r.exporter_secret), secret(r.resumption_psk)});
  for (PskWire& p : w.external_psks) g.external_psks_.push_back({p.psk_id, secret(p.psk)});
  g.active_ = w.member.active != 0;
  if (g.active_) {
    for (uint32_t i = 0; i < w.member.application_generation; ++i) {
      (void)g.secret_tree_->next_key(w.member.own_leaf, RatchetType::kApplication);
    }
    for (uint32_t i = 0; i < w.member.handshake_generation; ++i) {
      (void)g.secret_tree_->next_key(w.member.own_leaf, RatchetType::kHandshake);
    }
  }
  return g;
}

}  // namespace zt::mls
