// The client state at rest (issue 4 item 5): everything a member needs to
// continue in its group, sealed with AES-256-GCM under a caller-supplied
// 32-byte key.
//
//   blob = "ZTCS" || version (1 byte) || nonce (12 random bytes)
//          || AES-256-GCM(key, nonce, aad = kAadLabel || "ZTCS" || version,
//                         TLS encoding of StateWire)
//
// The secret tree is kept exactly (SecretTree::export_state): the node
// secrets not yet consumed, each derived leaf's handshake and application
// ratchet with its unused out-of-order keys. A generation used before the
// save is refused after the restore with the same MessageError
// (kKeyAlreadyUsed inside the window, kGenerationTooOld beyond it), and no
// key deleted before the save can be derived again: neither the epoch's
// encryption_secret nor a consumed node or ratchet secret is stored. The
// restored epoch keeps the saved out-of-order window; later epochs use the
// GroupOptions given to restore(). Received proposals and the private keys
// of this member's own Update proposals are kept; an unmerged own commit is
// not. The resumption PSKs of the current and the retained past epochs are
// kept (resumption PSK proposals, ReInit, branching).
//
// Version 4 appends, after the ReInit marker, the application keys of the
// retained past epochs (RFC 9420 section 15.2): each one's GroupContext,
// sender-data secret, secret tree (as exactly as the current one) and the
// signature keys of its leaves, so that a late message of a retained epoch
// decrypts after a restore, once per generation, as before it; then the
// ratchet tree's cached node hashes (public), so that a restored member's
// first commit does not rehash the whole tree (a cache whose root is not
// the GroupContext's tree hash is dropped). Version 3 (the same layout
// without both) is still read as "no past epoch's application keys
// retained", with a cold hash cache; its exporter secrets and resumption
// PSKs are kept. The eviction order of skipped keys is not saved (see
// SecretTree::from_state); restored trees take the max_retained_keys of
// the GroupOptions given to restore().
//
// Version 3 appends the ReInit marker: the ReInit proposal of the applied
// ReInit commit (section 11.2), so that a restored old group still refuses
// to send with the ReInit error and can create or join the new group.
// Version 2 (the same layout without that field) is still read, as a group
// that applied no ReInit: a v2 blob holds every secret v3 holds and the
// same replay protection, and a reinitialized group saved as v2 restores
// as a member that left, which is what the v2 build itself did. Version 1
// (no header, replays possible after restore) is refused.
#include <algorithm>

#include "group_internal.h"
#include "zt/crypto/aead.h"
#include "zt/crypto/error.h"
#include "zt/crypto/random.h"

namespace zt::mls {
namespace {

constexpr std::string_view kMagic = "ZTCS";
constexpr uint8_t kFormatVersion = 4;
constexpr uint8_t kVersion3 = 3;  // read as "no past epoch's application keys"
constexpr uint8_t kVersion2 = 2;  // read as "no ReInit" (see the top)
constexpr std::string_view kAadLabel = "zt mls client state";
constexpr std::string_view kVersion1Aad = "zt mls client state v1";
constexpr size_t kHeaderSize = 5;
constexpr size_t kNonceSize = 12;

// Secrets on the wire are crypto::SecretBytes fields: decoded straight into
// secret memory (tls_codec.h), wiped when freed.
using Secret = crypto::SecretBytes;

// ---- public part ----

struct ProposalWire {
  ProposalRef ref;
  Proposal proposal;
  Sender sender;
  ZT_TLS_FIELDS(ref, proposal, sender)
};

struct PublicWire {
  GroupContext context;
  RatchetTree tree;
  uint32_t own_leaf = 0;
  uint8_t active = 1;
  Bytes interim;
  Mac confirmation_tag;
  std::vector<ProposalWire> proposals;
  ZT_TLS_FIELDS(context, tree, own_leaf, active, interim, confirmation_tag, proposals)
};

// ---- secret part ----

struct NodeSecretWire {
  uint32_t node = 0;
  Secret secret;
  ZT_TLS_FIELDS(node, secret)
};

struct EpochSecretsWire {  // EpochSecrets without encryption_secret (see SecretTreeWire)
  Secret init_secret, sender_data_secret, exporter_secret, epoch_authenticator, external_secret,
      confirmation_key, membership_key, resumption_psk;
  ZT_TLS_FIELDS(init_secret, sender_data_secret, exporter_secret, epoch_authenticator,
                external_secret, confirmation_key, membership_key, resumption_psk)
};

struct RatchetKeyWire {
  uint32_t generation = 0;
  Secret key;
  Secret nonce;
  ZT_TLS_FIELDS(generation, key, nonce)
};

struct RatchetWire {
  uint32_t next_generation = 0;
  Secret secret;
  std::vector<RatchetKeyWire> retained;
  ZT_TLS_FIELDS(next_generation, secret, retained)
};

struct LeafRatchetsWire {
  uint32_t leaf = 0;
  RatchetWire handshake;
  RatchetWire application;
  ZT_TLS_FIELDS(leaf, handshake, application)
};

struct SecretTreeWire {
  uint32_t max_forward_distance = 0;
  uint32_t out_of_order_tolerance = 0;
  std::vector<NodeSecretWire> nodes;
  std::vector<LeafRatchetsWire> leaves;
  ZT_TLS_FIELDS(max_forward_distance, out_of_order_tolerance, nodes, leaves)
};

struct RetainedWire {
  uint64_t epoch = 0;
  Secret exporter_secret;
  Secret resumption_psk;
  ZT_TLS_FIELDS(epoch, exporter_secret, resumption_psk)
};

struct EpochKeysWire {  // version 4: a retained epoch's application keys
  uint64_t epoch = 0;
  Bytes context;  // encoded GroupContext
  Secret sender_data_secret;
  SecretTreeWire secret_tree;
  std::vector<Bytes> signers;  // by leaf (the tree's width); empty: blank leaf
  ZT_TLS_FIELDS(epoch, context, sender_data_secret, secret_tree, signers)
};

struct LabeledSecretWire {  // external PSKs (id) and own Update keys (public key)
  Bytes label;
  Secret secret;
  ZT_TLS_FIELDS(label, secret)
};

struct SecretWire {
  Secret signature_priv;
  std::vector<NodeSecretWire> tree_keys;
  EpochSecretsWire epoch;
  SecretTreeWire secret_tree;
  std::vector<RetainedWire> retained;
  std::vector<LabeledSecretWire> external_psks;
  std::vector<LabeledSecretWire> update_keys;
  ZT_TLS_FIELDS(signature_priv, tree_keys, epoch, secret_tree, retained, external_psks, update_keys)
};

struct StateWireV2 {
  PublicWire pub;
  SecretWire secret;
  ZT_TLS_FIELDS(pub, secret)
};

struct StateWireV3 {
  PublicWire pub;
  SecretWire secret;
  std::optional<ReInit> reinit;
  ZT_TLS_FIELDS(pub, secret, reinit)
};

struct StateWire {
  PublicWire pub;
  SecretWire secret;
  std::optional<ReInit> reinit;              // version 3
  std::vector<EpochKeysWire> retained_keys;  // version 4
  std::vector<Bytes> tree_hashes;            // version 4, by node; empty: not cached
  ZT_TLS_FIELDS(pub, secret, reinit, retained_keys, tree_hashes)
};

// An upper bound of the encoded size of the secret part, so that it is
// written into one buffer that never reallocates (no stray copies).
struct BoundVisitor {
  size_t total = 0;
  template <class T>
  void operator()(const T& field, const char*) {
    add(field);
  }
  void add(const Secret& f) { total += 4 + f.size(); }
  void add(const Bytes& b) { total += 4 + b.size(); }
  template <TlsInteger T>
  void add(T) {
    total += sizeof(T);
  }
  template <class T>
  void add(const std::vector<T>& v) {
    total += 4;
    for (const T& item : v) add(item);
  }
  template <TlsStructType T>
  void add(const T& s) {
    T::tls_visit(s, *this);
  }
};

// Overwrites a plaintext buffer before it is freed.
void wipe(Bytes& b) {
  volatile uint8_t* p = b.data();
  for (size_t i = 0; i < b.size(); ++i) p[i] = 0;
}

Bytes header() {
  Bytes h(kMagic.begin(), kMagic.end());
  h.push_back(kFormatVersion);
  return h;
}

Bytes aad_for(BytesView header_bytes) { return concat(as_bytes(kAadLabel), header_bytes); }

void check_key(BytesView key) {
  if (key.size() != 32) throw StateError("client state key must be 32 bytes");
}

// ---- secret tree <-> wire ----

RatchetWire to_wire(const HashRatchetState& r) {
  RatchetWire w{r.next_generation, r.secret, {}};
  for (const RatchetKey& k : r.retained) w.retained.push_back({k.generation, k.key, k.nonce});
  return w;
}

HashRatchetState from_wire(RatchetWire& w) {
  HashRatchetState r{w.next_generation, std::move(w.secret), {}};
  for (RatchetKeyWire& k : w.retained)
    r.retained.push_back({k.generation, std::move(k.key), std::move(k.nonce)});
  return r;
}

SecretTreeWire to_wire(const SecretTreeState& s) {
  SecretTreeWire w{s.options.max_forward_distance, s.options.out_of_order_tolerance, {}, {}};
  for (const SecretTreeState::Node& n : s.nodes) w.nodes.push_back({n.index, n.secret});
  for (const SecretTreeState::Leaf& l : s.leaves)
    w.leaves.push_back({l.leaf, to_wire(l.handshake), to_wire(l.application)});
  return w;
}

SecretTreeState from_wire(SecretTreeWire& w, uint32_t max_retained_keys) {
  SecretTreeState s;
  s.options = {w.max_forward_distance, w.out_of_order_tolerance, max_retained_keys};
  for (NodeSecretWire& n : w.nodes) s.nodes.push_back({n.node, std::move(n.secret)});
  for (LeafRatchetsWire& l : w.leaves)
    s.leaves.push_back({l.leaf, from_wire(l.handshake), from_wire(l.application)});
  return s;
}

// ---- sealing ----

// The decrypted plaintext of a blob (authenticated with its version), or
// StateError saying why not.
Bytes open_blob(BytesView state, BytesView key) {
  if (state.size() < kHeaderSize || !std::equal(kMagic.begin(), kMagic.end(), state.begin())) {
    const bool version1 =
        state.size() >= kNonceSize &&
        crypto::aead_open(crypto::AeadAlgorithm::kAes256Gcm, key, state.first(kNonceSize),
                          as_bytes(kVersion1Aad), state.subspan(kNonceSize))
            .has_value();
    if (version1) {
      throw StateError(
          "client state format version 1 is no longer supported (it does not keep replay "
          "protection); rejoin the group");
    }
    throw StateError("not a zt client state (no ZTCS header)");
  }
  if (state[4] != kFormatVersion && state[4] != kVersion3 && state[4] != kVersion2) {
    throw StateError("client state format version " + std::to_string(state[4]) +
                     " is not supported (this build reads versions " + std::to_string(kVersion2) +
                     " to " + std::to_string(kFormatVersion) + ")");
  }
  if (state.size() < kHeaderSize + kNonceSize) throw StateError("client state truncated");
  auto plain = crypto::aead_open(
      crypto::AeadAlgorithm::kAes256Gcm, key, state.subspan(kHeaderSize, kNonceSize),
      aad_for(state.first(kHeaderSize)), state.subspan(kHeaderSize + kNonceSize));
  if (!plain) throw StateError("client state does not decrypt (wrong key or tampered)");
  return std::move(*plain);
}

// ---- restoring ----

crypto::SecretBytes epoch_secret(const crypto::SuiteAlgorithms& suite, Secret& f) {
  if (f.size() != suite.nh) throw StateError("client state epoch secret has the wrong size");
  return std::move(f);
}

EpochSecrets epoch_secrets(const crypto::SuiteAlgorithms& suite, EpochSecretsWire& w) {
  EpochSecrets s;
  s.init_secret = epoch_secret(suite, w.init_secret);
  s.sender_data_secret = epoch_secret(suite, w.sender_data_secret);
  s.exporter_secret = epoch_secret(suite, w.exporter_secret);
  s.epoch_authenticator = epoch_secret(suite, w.epoch_authenticator);
  s.external_secret = epoch_secret(suite, w.external_secret);
  s.confirmation_key = epoch_secret(suite, w.confirmation_key);
  s.membership_key = epoch_secret(suite, w.membership_key);
  s.resumption_psk = epoch_secret(suite, w.resumption_psk);
  return s;
}

// The current epoch of the state: context, ratchet tree, HPKE keys, secrets.
NextEpoch epoch_of(const crypto::SuiteAlgorithms& suite, StateWire& w) {
  NextEpoch next;
  next.tree =
      std::make_unique<RatchetTreeState>(RatchetTreeState::from_wire(suite, std::move(w.pub.tree)));
  const uint32_t width = tree::node_width(next.tree->leaf_count());
  if (w.pub.own_leaf >= next.tree->leaf_count())
    throw StateError("client state places this member outside the tree");
  next.priv = std::make_unique<TreeKemPrivateKey>(suite, w.pub.own_leaf);
  for (NodeSecretWire& k : w.secret.tree_keys) {
    if (k.node >= width) throw StateError("client state holds a key for a node outside the tree");
    next.priv->set_key(k.node, std::move(k.secret));
  }
  next.context = std::move(w.pub.context);
  next.secrets = epoch_secrets(suite, w.secret.epoch);
  next.interim = std::move(w.pub.interim);
  next.confirmation_tag = std::move(w.pub.confirmation_tag);
  return next;
}

SecretTree secret_tree_of(const crypto::SuiteAlgorithms& suite, uint32_t leaf_count,
                          SecretTreeWire& w, const GroupOptions& options) {
  auto tree = SecretTree::from_state(suite, leaf_count,
                                     from_wire(w, options.secret_tree.max_retained_keys));
  if (!tree) throw StateError("client state: " + std::string(tree.error()));
  return std::move(*tree);
}

// The application keys of a retained epoch (version 4).
std::unique_ptr<Group::EpochKeys> epoch_keys_of(const GroupContext& current, EpochKeysWire& w,
                                                const GroupOptions& options) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(current.cipher_suite);
  auto context = decode<GroupContext>(w.context);
  if (!context || context->epoch != w.epoch || context->cipher_suite != current.cipher_suite ||
      context->group_id != current.group_id)
    throw StateError("client state: a retained epoch's group context does not fit");
  const size_t width = w.signers.size();
  if (width == 0 || (width & (width - 1)) != 0)
    throw StateError("client state: a retained epoch's tree width is not a power of two");
  return std::make_unique<Group::EpochKeys>(
      Group::EpochKeys{std::move(*context), epoch_secret(suite, w.sender_data_secret),
                       secret_tree_of(suite, static_cast<uint32_t>(width), w.secret_tree, options),
                       std::move(w.signers)});
}

Group group_of(StateWire& w, const GroupOptions& options) {
  const crypto::SuiteAlgorithms& suite = suite_algorithms(w.pub.context.cipher_suite);
  NextEpoch next = epoch_of(suite, w);
  SecretTree secret_tree =
      secret_tree_of(suite, next.tree->leaf_count(), w.secret.secret_tree, options);

  Group g = GroupAccess::make();
  GroupAccess::options(g) = options;
  GroupAccess::signature_priv(g) = std::move(w.secret.signature_priv);
  GroupAccess::install(g, std::move(next));
  GroupAccess::secret_tree(g) = std::make_unique<SecretTree>(std::move(secret_tree));
  uint64_t after = 0;  // retained epochs: oldest first, all before the current one
  for (RetainedWire& r : w.secret.retained) {
    if (r.epoch >= GroupAccess::context(g).epoch || r.epoch < after)
      throw StateError("client state retains epochs out of order");
    after = r.epoch + 1;
    GroupAccess::retained(g).push_back({r.epoch, epoch_secret(suite, r.exporter_secret),
                                        epoch_secret(suite, r.resumption_psk), nullptr});
  }
  for (EpochKeysWire& k : w.retained_keys) {
    auto& retained = GroupAccess::retained(g);
    auto it = std::find_if(retained.begin(), retained.end(),
                           [&](const Group::RetainedEpoch& r) { return r.epoch == k.epoch; });
    if (it == retained.end() || it->keys != nullptr)
      throw StateError("client state holds application keys of an epoch it does not retain");
    it->keys = epoch_keys_of(GroupAccess::context(g), k, options);
  }
  GroupAccess::enforce_key_bytes(g);
  RatchetTreeState& tree = *GroupAccess::tree(g);
  if (tree.adopt_cached_hashes(std::move(w.tree_hashes)) &&
      tree.tree_hash() != GroupAccess::context(g).tree_hash) {
    tree.clear_hash_cache();
  }
  for (LabeledSecretWire& p : w.secret.external_psks)
    GroupAccess::external_psks(g).push_back({std::move(p.label), std::move(p.secret)});
  for (ProposalWire& p : w.pub.proposals) {
    GroupAccess::proposals(g).push_back(
        {std::move(p.ref), std::move(p.proposal), std::move(p.sender)});
  }
  for (LabeledSecretWire& k : w.secret.update_keys)
    GroupAccess::own_update_keys(g).emplace_back(std::move(k.label), std::move(k.secret));
  GroupAccess::active(g) = w.pub.active != 0;
  if (w.reinit && w.pub.active != 0)
    throw StateError("client state marks a reinitialized group active");
  GroupAccess::reinit(g) = std::move(w.reinit);
  return g;
}

// The plaintext of a blob of `version` (4, 3 or 2, which open_blob checked).
Expected<StateWire, DecodeError> decode_state(BytesView plain, uint8_t version) {
  if (version == kFormatVersion) return decode<StateWire>(plain);
  if (version == kVersion3) {
    auto v3 = decode<StateWireV3>(plain);
    if (!v3) return unexpected(v3.error());
    return StateWire{std::move(v3->pub), std::move(v3->secret), std::move(v3->reinit), {}, {}};
  }
  auto v2 = decode<StateWireV2>(plain);
  if (!v2) return unexpected(v2.error());
  return StateWire{std::move(v2->pub), std::move(v2->secret), std::nullopt, {}, {}};
}

}  // namespace

Bytes Group::serialize(BytesView key, crypto::RandomSource& random) const {
  check_key(key);
  StateWire w;
  PublicWire& p = w.pub;
  p.context = context_;
  p.tree = tree_->to_wire();
  p.own_leaf = priv_->leaf();
  p.active = active_ ? 1 : 0;
  p.interim = interim_transcript_hash_;
  p.confirmation_tag = confirmation_tag_;
  for (const CachedProposal& c : proposals_) p.proposals.push_back({c.ref, c.proposal, c.sender});

  SecretWire& s = w.secret;
  s.signature_priv = signature_priv_;
  NodeIndex leaf_node = tree::leaf_to_node(priv_->leaf());
  std::vector<NodeIndex> nodes = tree::direct_path(leaf_node, tree_->leaf_count());
  nodes.insert(nodes.begin(), leaf_node);
  for (NodeIndex x : nodes) {
    if (const crypto::SecretBytes* k = priv_->key(x)) s.tree_keys.push_back({x, *k});
  }
  const EpochSecrets& e = secrets_;
  s.epoch = {e.init_secret,     e.sender_data_secret, e.exporter_secret, e.epoch_authenticator,
             e.external_secret, e.confirmation_key,   e.membership_key,  e.resumption_psk};
  s.secret_tree = to_wire(secret_tree_->export_state());
  for (const RetainedEpoch& r : retained_) {
    s.retained.push_back({r.epoch, r.exporter_secret, r.resumption_psk});
    if (r.keys == nullptr) continue;
    w.retained_keys.push_back({r.epoch, encode(r.keys->context), r.keys->sender_data_secret,
                               to_wire(r.keys->secret_tree.export_state()), r.keys->signers});
  }
  for (const ExternalPskEntry& k : external_psks_) s.external_psks.push_back({k.psk_id, k.psk});
  for (const auto& [pub, priv] : own_update_keys_) s.update_keys.push_back({pub, priv});

  w.reinit = reinit_;
  const Bytes reinit = encode(w.reinit);  // public; last in StateWire, after the secrets

  Bytes plain = encode(w.pub);
  BoundVisitor bound;
  bound.add(w.secret);
  bound.add(w.retained_keys);
  plain.reserve(plain.size() + bound.total + reinit.size());
  encode_to(plain, w.secret);
  plain.insert(plain.end(), reinit.begin(), reinit.end());
  encode_to(plain, w.retained_keys);
  encode_to(plain, tree_->cached_hashes());  // public, after every secret

  Bytes out = header();
  const Bytes aad = aad_for(out);
  const Bytes nonce = random.bytes(kNonceSize);
  Bytes sealed = crypto::aead_seal(crypto::AeadAlgorithm::kAes256Gcm, key, nonce, aad, plain);
  wipe(plain);
  out.insert(out.end(), nonce.begin(), nonce.end());
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

Group Group::restore(BytesView state, BytesView key, GroupOptions options) {
  check_key(key);
  Bytes plain = open_blob(state, key);
  auto decoded = decode_state(plain, state[4]);
  wipe(plain);
  if (!decoded) throw StateError("client state does not decode: " + decoded.error().to_string());
  try {
    return group_of(*decoded, options);
  } catch (const StateError&) {
    throw;
  } catch (const TreeError&) {
    throw StateError("client state holds an invalid ratchet tree");
  } catch (const crypto::CryptoError&) {
    throw StateError("client state names an unsupported cipher suite");
  }
}

}  // namespace zt::mls
