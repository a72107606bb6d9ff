#include "zt/mls/secret_tree.h"

#include <algorithm>
#include <array>

#include "zt/mls/tree_math.h"

namespace zt::mls {

namespace {
constexpr std::string_view kLeftLabel = "left";
constexpr std::string_view kRightLabel = "right";
}  // namespace

// ---- HashRatchet ----

HashRatchet::HashRatchet(const SuiteInfo& suite, crypto::SecretBytes secret,
                         SecretTreeOptions options)
    : suite_(&suite), secret_(std::move(secret)), options_(options) {}

RatchetKey HashRatchet::derive_and_advance() {
  const uint32_t g = next_generation_;
  RatchetKey out{g, derive_tree_secret(*suite_, secret_.reveal(), "key", g, suite_->nk),
                 derive_tree_secret(*suite_, secret_.reveal(), "nonce", g, suite_->nn)};
  secret_ = derive_tree_secret(*suite_, secret_.reveal(), "secret", g, suite_->nh);
  ++next_generation_;
  return out;
}

void HashRatchet::forget_older_than(uint32_t generation) {
  auto keep = std::find_if(retained_.begin(), retained_.end(),
                           [&](const RatchetKey& k) { return k.generation >= generation; });
  retained_.erase(retained_.begin(), keep);
}

Expected<RatchetKey, MessageError> HashRatchet::next() {
  if (next_generation_ == UINT32_MAX)
    return unexpected(MessageError(MessageErrorCode::kGenerationTooFarAhead));
  return derive_and_advance();
}

Expected<RatchetKey, MessageError> HashRatchet::take(uint32_t generation) {
  if (generation < next_generation_) {
    auto it = std::find_if(retained_.begin(), retained_.end(),
                           [&](const RatchetKey& k) { return k.generation == generation; });
    if (it != retained_.end()) {
      RatchetKey key = std::move(*it);
      retained_.erase(it);
      return key;
    }
    const bool in_window = next_generation_ - generation <= options_.out_of_order_tolerance;
    return unexpected(MessageError(in_window ? MessageErrorCode::kKeyAlreadyUsed
                                             : MessageErrorCode::kGenerationTooOld));
  }
  if (generation - next_generation_ > options_.max_forward_distance || generation == UINT32_MAX) {
    return unexpected(MessageError(MessageErrorCode::kGenerationTooFarAhead));
  }
  const uint32_t oldest_kept = generation + 1 > options_.out_of_order_tolerance
                                   ? generation + 1 - options_.out_of_order_tolerance
                                   : 0;
  forget_older_than(oldest_kept);
  while (next_generation_ < generation) {
    RatchetKey skipped = derive_and_advance();
    if (skipped.generation >= oldest_kept) retained_.push_back(std::move(skipped));
  }
  return derive_and_advance();
}

void HashRatchet::put_back(RatchetKey key) {
  if (key.generation >= next_generation_) return;
  if (next_generation_ - key.generation > options_.out_of_order_tolerance) return;
  auto at = std::find_if(retained_.begin(), retained_.end(),
                         [&](const RatchetKey& k) { return k.generation >= key.generation; });
  if (at != retained_.end() && at->generation == key.generation) return;
  retained_.insert(at, std::move(key));
}

// ---- SecretTree ----

struct SecretTree::LeafRatchets {
  HashRatchet handshake;
  HashRatchet application;
};

SecretTree::SecretTree(const SuiteInfo& suite, BytesView encryption_secret, uint32_t leaf_count,
                       SecretTreeOptions options)
    : suite_(&suite), leaf_count_(leaf_count), options_(options) {
  if (leaf_count == 0) throw MessageError(MessageErrorCode::kInvalidSender);
  nodes_.resize(tree::node_width(leaf_count));
  leaves_.resize(leaf_count);
  nodes_[tree::root(leaf_count)] = crypto::SecretBytes(encryption_secret);
}

SecretTree::SecretTree(SecretTree&&) noexcept = default;
SecretTree& SecretTree::operator=(SecretTree&&) noexcept = default;
SecretTree::~SecretTree() = default;

SecretTree::LeafRatchets* SecretTree::ratchets(uint32_t leaf) {
  if (leaf >= leaf_count_) return nullptr;
  if (leaves_[leaf]) return leaves_[leaf].get();

  // The path from the leaf up to the lowest ancestor still holding a secret.
  std::array<tree::NodeIndex, 34> path{};
  size_t depth = 0;
  tree::NodeIndex x = tree::leaf_to_node(leaf);
  path[depth++] = x;
  while (nodes_[x].empty()) {
    auto p = tree::parent(x, leaf_count_);
    if (!p)
      return nullptr;  // unreachable: the root secret is wiped only once all leaves are derived
    x = *p;
    path[depth++] = x;
  }
  // Down again: each parent yields both children and is wiped.
  for (size_t i = depth - 1; i > 0; --i) {
    const tree::NodeIndex node = path[i];
    const BytesView secret = nodes_[node].reveal();
    const tree::NodeIndex l = *tree::left(node);
    const tree::NodeIndex r = *tree::right(node);
    nodes_[l] = expand_with_label(*suite_, secret, "tree", as_bytes(kLeftLabel), suite_->nh);
    if (r < nodes_.size())
      nodes_[r] = expand_with_label(*suite_, secret, "tree", as_bytes(kRightLabel), suite_->nh);
    nodes_[node].wipe();
  }
  crypto::SecretBytes& leaf_secret = nodes_[path[0]];
  auto made = std::make_unique<LeafRatchets>(LeafRatchets{
      HashRatchet(*suite_,
                  expand_with_label(*suite_, leaf_secret.reveal(), "handshake", {}, suite_->nh),
                  options_),
      HashRatchet(*suite_,
                  expand_with_label(*suite_, leaf_secret.reveal(), "application", {}, suite_->nh),
                  options_)});
  leaf_secret.wipe();
  leaves_[leaf] = std::move(made);
  return leaves_[leaf].get();
}

HashRatchet* SecretTree::ratchet(uint32_t leaf, RatchetType type) {
  LeafRatchets* r = ratchets(leaf);
  if (!r) return nullptr;
  return type == RatchetType::kHandshake ? &r->handshake : &r->application;
}

Expected<RatchetKey, MessageError> SecretTree::next_key(uint32_t leaf, RatchetType type) {
  HashRatchet* r = ratchet(leaf, type);
  if (!r) return unexpected(MessageError(MessageErrorCode::kInvalidSender));
  return r->next();
}

Expected<RatchetKey, MessageError> SecretTree::take_key(uint32_t leaf, RatchetType type,
                                                        uint32_t generation) {
  HashRatchet* r = ratchet(leaf, type);
  if (!r) return unexpected(MessageError(MessageErrorCode::kInvalidSender));
  return r->take(generation);
}

void SecretTree::put_back_key(uint32_t leaf, RatchetType type, RatchetKey key) {
  if (HashRatchet* r = ratchet(leaf, type)) r->put_back(std::move(key));
}

Expected<uint32_t, MessageError> SecretTree::next_generation(uint32_t leaf, RatchetType type) {
  HashRatchet* r = ratchet(leaf, type);
  if (!r) return unexpected(MessageError(MessageErrorCode::kInvalidSender));
  return r->next_generation();
}

size_t SecretTree::held_node_secrets() const {
  return static_cast<size_t>(std::count_if(
      nodes_.begin(), nodes_.end(), [](const crypto::SecretBytes& s) { return !s.empty(); }));
}

}  // namespace zt::mls
