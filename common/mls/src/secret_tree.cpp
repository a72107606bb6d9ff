#include "zt/mls/secret_tree.h"

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "zt/mls/tree_math.h"

namespace zt::mls {

namespace {
constexpr std::string_view kLeftLabel = "left";

// The first key of an ascending list at or above generation `g`.
template <class It>
It lower_generation(It begin, It end, uint32_t g) {
  return std::lower_bound(begin, end, g,
                          [](const RatchetKey& k, uint32_t x) { return k.generation < x; });
}

constexpr std::string_view kRightLabel = "right";

// Why an exported ratchet cannot be taken back, or an empty view.
std::string_view ratchet_problem(const crypto::SuiteAlgorithms& suite, const HashRatchetState& r,
                                 const SecretTreeOptions& options) {
  if (r.secret.size() != suite.nh) return "secret tree ratchet secret has the wrong size";
  const RatchetKey* previous = nullptr;
  for (const RatchetKey& k : r.retained) {
    if (k.key.size() != suite.nk || k.nonce.size() != suite.nn)
      return "secret tree retained key has the wrong size";
    if (previous != nullptr && k.generation <= previous->generation)
      return "secret tree retained keys are not in ascending order";
    if (k.generation >= r.next_generation ||
        r.next_generation - k.generation > options.out_of_order_tolerance) {
      return "secret tree retained key is outside the out-of-order window";
    }
    previous = &k;
  }
  return {};
}
}  // namespace

// ---- HashRatchet ----

HashRatchet::HashRatchet(const crypto::SuiteAlgorithms& suite, crypto::SecretBytes secret,
                         SecretTreeOptions options)
    : suite_(&suite), secret_(std::move(secret)), options_(options) {}

HashRatchet::HashRatchet(const crypto::SuiteAlgorithms& suite, HashRatchetState state,
                         SecretTreeOptions options)
    : suite_(&suite),
      secret_(std::move(state.secret)),
      next_generation_(state.next_generation),
      retained_(std::move(state.retained)),
      options_(options) {}

HashRatchetState HashRatchet::state() const { return {next_generation_, secret_, retained_}; }

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

bool HashRatchet::drop(uint32_t generation) {
  auto it = lower_generation(retained_.begin(), retained_.end(), generation);
  if (it == retained_.end() || it->generation != generation) return false;
  retained_.erase(it);
  // A ratchet emptied by the cap gives its buffer back (1000 senders'
  // emptied windows would otherwise hold megabytes).
  if (retained_.size() * 4 < retained_.capacity()) retained_.shrink_to_fit();
  return true;
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

SecretTree::SecretTree(const crypto::SuiteAlgorithms& suite, BytesView encryption_secret,
                       uint32_t leaf_count, SecretTreeOptions options)
    : suite_(&suite), leaf_count_(leaf_count), options_(options) {
  if (leaf_count == 0) throw MessageError(MessageErrorCode::kInvalidSender);
  nodes_.resize(tree::node_width(leaf_count));
  leaves_.resize(leaf_count);
  nodes_[tree::root(leaf_count)] = crypto::SecretBytes(encryption_secret);
}

SecretTree::SecretTree(const crypto::SuiteAlgorithms& suite, uint32_t leaf_count,
                       SecretTreeOptions options)
    : suite_(&suite), leaf_count_(leaf_count), options_(options) {
  nodes_.resize(tree::node_width(leaf_count));
  leaves_.resize(leaf_count);
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
  const size_t before_count = r->retained_keys();
  const uint32_t before_next = r->next_generation();
  auto key = r->take(generation);
  account(*r, leaf, type, before_count, before_next);
  return key;
}

void SecretTree::put_back_key(uint32_t leaf, RatchetType type, RatchetKey key) {
  HashRatchet* r = ratchet(leaf, type);
  if (!r) return;
  const size_t before = r->retained_keys();
  const uint32_t generation = key.generation;
  r->put_back(std::move(key));
  if (r->retained_keys() == before) return;
  order_.push_back({leaf, type, generation});  // kept again: the youngest
  ++retained_keys_;
  evict_over_cap();
}

void SecretTree::account(HashRatchet& r, uint32_t leaf, RatchetType type, size_t before_count,
                         uint32_t before_next) {
  const std::span<const RatchetKey> kept = r.retained();
  if (r.next_generation() != before_next) {
    // The keys skipped by this step sit at the end, above before_next.
    auto first = lower_generation(kept.begin(), kept.end(), before_next);
    for (auto it = first; it != kept.end(); ++it) order_.push_back({leaf, type, it->generation});
  }
  retained_keys_ = retained_keys_ + kept.size() - before_count;
  evict_over_cap();
}

void SecretTree::evict_over_cap() {
  while (retained_keys_ > options_.max_retained_keys && !order_.empty()) {
    const KeyRef ref = order_.front();
    order_.pop_front();
    LeafRatchets* lr = leaves_[ref.leaf].get();
    HashRatchet& r = ref.type == RatchetType::kHandshake ? lr->handshake : lr->application;
    if (r.drop(ref.generation)) {
      --retained_keys_;
      ++evicted_keys_;
    }
  }
  if (order_.size() > 2 * retained_keys_ + 1024) compact_order();
}

void SecretTree::compact_order() {
  // Drops references to keys used or dropped since, and repeated ones (a
  // key put back twice), keeping the first.
  std::set<std::tuple<uint32_t, RatchetType, uint32_t>> seen;
  std::deque<KeyRef> live;
  for (const KeyRef& ref : order_) {
    const LeafRatchets* lr = leaves_[ref.leaf].get();
    const HashRatchet& r = ref.type == RatchetType::kHandshake ? lr->handshake : lr->application;
    const std::span<const RatchetKey> kept = r.retained();
    auto it = lower_generation(kept.begin(), kept.end(), ref.generation);
    const bool held = it != kept.end() && it->generation == ref.generation;
    if (held && seen.insert({ref.leaf, ref.type, ref.generation}).second) live.push_back(ref);
  }
  order_ = std::move(live);
}

size_t SecretTree::memory_bytes() const {
  size_t n = sizeof(SecretTree) + nodes_.size() * sizeof(crypto::SecretBytes) +
             leaves_.size() * sizeof(leaves_[0]) + order_.size() * sizeof(KeyRef) +
             retained_keys_ * kRetainedKeyBytes;
  for (const crypto::SecretBytes& s : nodes_) n += s.empty() ? 0 : s.size() + 16;
  for (const auto& l : leaves_) {
    if (l) n += sizeof(LeafRatchets) + 2 * (suite_->nh + 16);
  }
  return n;
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

SecretTreeState SecretTree::export_state() const {
  SecretTreeState out;
  out.options = options_;
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    if (!nodes_[i].empty()) out.nodes.push_back({i, nodes_[i]});
  }
  for (uint32_t leaf = 0; leaf < leaf_count_; ++leaf) {
    if (leaves_[leaf]) {
      out.leaves.push_back(
          {leaf, leaves_[leaf]->handshake.state(), leaves_[leaf]->application.state()});
    }
  }
  return out;
}

void SecretTree::rebuild_order() {
  // Farthest behind its ratchet's next generation first (skipped earliest,
  // as far as a saved tree can tell).
  struct Aged {
    uint32_t age;
    KeyRef ref;
  };
  std::vector<Aged> all;
  for (uint32_t leaf = 0; leaf < leaf_count_; ++leaf) {
    if (!leaves_[leaf]) continue;
    for (RatchetType type : {RatchetType::kHandshake, RatchetType::kApplication}) {
      const HashRatchet& r =
          type == RatchetType::kHandshake ? leaves_[leaf]->handshake : leaves_[leaf]->application;
      for (const RatchetKey& k : r.retained())
        all.push_back({r.next_generation() - k.generation, {leaf, type, k.generation}});
    }
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Aged& a, const Aged& b) { return a.age > b.age; });
  order_.clear();
  for (const Aged& a : all) order_.push_back(a.ref);
  retained_keys_ = all.size();
  evict_over_cap();
}

size_t SecretTree::secrets_covering(uint32_t leaf) const {
  size_t n = leaves_[leaf] ? 1 : 0;
  for (std::optional<tree::NodeIndex> x = tree::leaf_to_node(leaf); x;
       x = tree::parent(*x, leaf_count_)) {
    n += nodes_[*x].empty() ? 0 : 1;
  }
  return n;
}

Expected<SecretTree, std::string_view> SecretTree::from_state(const crypto::SuiteAlgorithms& suite,
                                                              uint32_t leaf_count,
                                                              SecretTreeState state) {
  using Error = Unexpected<std::string_view>;
  if (leaf_count == 0) return Error{"secret tree has no leaves"};
  SecretTree t(suite, leaf_count, state.options);
  const SecretTreeState::Node* previous_node = nullptr;
  for (SecretTreeState::Node& n : state.nodes) {
    if (n.index >= t.nodes_.size()) return Error{"secret tree node index out of range"};
    if (previous_node != nullptr && n.index <= previous_node->index)
      return Error{"secret tree nodes are not in ascending order"};
    if (n.secret.size() != suite.nh) return Error{"secret tree node secret has the wrong size"};
    t.nodes_[n.index] = std::move(n.secret);
    previous_node = &n;
  }
  const SecretTreeState::Leaf* previous_leaf = nullptr;
  for (SecretTreeState::Leaf& l : state.leaves) {
    if (l.leaf >= leaf_count) return Error{"secret tree leaf index out of range"};
    if (previous_leaf != nullptr && l.leaf <= previous_leaf->leaf)
      return Error{"secret tree leaves are not in ascending order"};
    for (const HashRatchetState* r : {&l.handshake, &l.application}) {
      std::string_view problem = ratchet_problem(suite, *r, state.options);
      if (!problem.empty()) return Error{problem};
    }
    t.leaves_[l.leaf] = std::make_unique<LeafRatchets>(
        LeafRatchets{HashRatchet(suite, std::move(l.handshake), state.options),
                     HashRatchet(suite, std::move(l.application), state.options)});
    previous_leaf = &l;
  }
  for (uint32_t leaf = 0; leaf < leaf_count; ++leaf) {
    if (t.secrets_covering(leaf) != 1)
      return Error{"secret tree leaf is covered by no secret or by more than one"};
  }
  t.rebuild_order();
  Expected<SecretTree, std::string_view> out(std::move(t));
  return out;
}

}  // namespace zt::mls
