// The secret tree (RFC 9420 section 9): per-leaf handshake and application
// hash ratchets derived from the epoch's encryption_secret.
// - Lazy: a leaf's ratchets are derived on first use, along the path from the
//   lowest ancestor still holding a secret; each consumed node secret is
//   wiped (section 9.2 deletion schedule).
// - Receivers may ask for generations out of order: skipped keys are kept
//   (at most `out_of_order_tolerance` generations behind the newest), a
//   generation more than `max_forward_distance` ahead is refused, and a key
//   is deleted as soon as it is handed out (a replay gets kKeyAlreadyUsed).
// - The skipped keys of all senders together are capped
//   (`max_retained_keys`): beyond it the key skipped earliest is dropped
//   first, and counted (evicted_keys); its generation then reads as used.
// - export_state() / from_state() carry the tree across a save and restore
//   of the client state: exactly the secrets the live tree still holds, so
//   a restored tree refuses the same generations with the same errors and
//   cannot derive any key the live tree had already deleted.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "zt/base/expected.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/message_error.h"
#include "zt/mls/protocol_types.h"

namespace zt::mls {

enum class RatchetType : uint8_t { kHandshake, kApplication };

// Application data uses the application ratchet, proposals and commits the
// handshake ratchet.
constexpr RatchetType ratchet_type_for(ContentType type) {
  return type == ContentType::kApplication ? RatchetType::kApplication : RatchetType::kHandshake;
}

// The AEAD key and nonce of one generation.
struct RatchetKey {
  uint32_t generation = 0;
  crypto::SecretBytes key;
  crypto::SecretBytes nonce;
};

struct SecretTreeOptions {
  uint32_t max_forward_distance = 1024;   // generations a receiver may skip ahead
  uint32_t out_of_order_tolerance = 128;  // past generations whose unused keys are kept
  // Skipped keys kept across all senders and both ratchets of one epoch:
  // 16 per sender at 1000 senders, about 2.3 MB (kRetainedKeyBytes each).
  uint32_t max_retained_keys = 16384;
};

// Heap held by one retained out-of-order key (RatchetKey and its two
// secret buffers, plus its place in the eviction order), for memory bounds.
constexpr size_t kRetainedKeyBytes = 144;

// Everything one hash ratchet holds: the ratchet secret of
// `next_generation` and the unused keys of skipped generations (ascending).
// Every generation below next_generation that is not in `retained` was used
// or has left the window.
struct HashRatchetState {
  uint32_t next_generation = 0;
  crypto::SecretBytes secret;
  std::vector<RatchetKey> retained;
};

// Everything a secret tree holds: the node secrets not yet consumed
// (ascending node index) and the ratchets of the leaves derived so far
// (ascending leaf index). Each leaf is covered by exactly one of them.
struct SecretTreeState {
  struct Node {
    uint32_t index = 0;
    crypto::SecretBytes secret;
  };
  struct Leaf {
    uint32_t leaf = 0;
    HashRatchetState handshake;
    HashRatchetState application;
  };
  SecretTreeOptions options;
  std::vector<Node> nodes;
  std::vector<Leaf> leaves;
};

// One hash ratchet (section 9.1).
class HashRatchet {
 public:
  HashRatchet(const crypto::SuiteAlgorithms& suite, crypto::SecretBytes secret,
              SecretTreeOptions options);
  // A ratchet as exported by state(); the caller checked it (from_state).
  HashRatchet(const crypto::SuiteAlgorithms& suite, HashRatchetState state,
              SecretTreeOptions options);

  // Sender side: the key of the next generation, then advance.
  Expected<RatchetKey, MessageError> next();
  // Receiver side: the key of `generation`, deleted from the ratchet.
  Expected<RatchetKey, MessageError> take(uint32_t generation);
  // Gives back a key obtained from take() that turned out not to open its
  // message, so that a corrupted copy cannot burn the genuine one.
  void put_back(RatchetKey key);
  uint32_t next_generation() const { return next_generation_; }
  size_t retained_keys() const { return retained_.size(); }
  // The skipped generations whose keys are kept, ascending.
  std::span<const RatchetKey> retained() const { return retained_; }
  // Deletes the kept key of `generation` (false if there is none).
  bool drop(uint32_t generation);
  HashRatchetState state() const;

 private:
  RatchetKey derive_and_advance();
  void forget_older_than(uint32_t generation);

  const crypto::SuiteAlgorithms* suite_;
  crypto::SecretBytes secret_;  // ratchet secret of next_generation_
  uint32_t next_generation_ = 0;
  std::vector<RatchetKey> retained_;  // skipped generations, ascending
  SecretTreeOptions options_;
};

class SecretTree {
 public:
  // `encryption_secret` sits at the root of a tree of `leaf_count` leaves
  // (MessageError(kInvalidSender) is thrown for zero leaves).
  SecretTree(const crypto::SuiteAlgorithms& suite, BytesView encryption_secret, uint32_t leaf_count,
             SecretTreeOptions options = {});
  SecretTree(SecretTree&&) noexcept;
  SecretTree& operator=(SecretTree&&) noexcept;
  ~SecretTree();

  const crypto::SuiteAlgorithms& suite() const { return *suite_; }
  uint32_t leaf_count() const { return leaf_count_; }

  // Sender side: the next key of `leaf`'s ratchet (kInvalidSender if the
  // leaf is outside the tree).
  Expected<RatchetKey, MessageError> next_key(uint32_t leaf, RatchetType type);
  // Receiver side: the key of `generation`, deleted once returned.
  Expected<RatchetKey, MessageError> take_key(uint32_t leaf, RatchetType type, uint32_t generation);
  // See HashRatchet::put_back.
  void put_back_key(uint32_t leaf, RatchetType type, RatchetKey key);
  // The next generation `leaf`'s ratchet would hand out (derives the leaf).
  Expected<uint32_t, MessageError> next_generation(uint32_t leaf, RatchetType type);

  // Node secrets currently held (for tests of the deletion schedule).
  size_t held_node_secrets() const;
  // Skipped keys kept (all senders), and those dropped for the cap so far.
  size_t retained_keys() const { return retained_keys_; }
  uint64_t evicted_keys() const { return evicted_keys_; }
  // An estimate of the heap this tree holds (secrets and their containers).
  size_t memory_bytes() const;

  // A copy of everything the tree holds (secrets included: the caller
  // seals it, see client_state_serialization.cpp).
  SecretTreeState export_state() const;
  // The tree `state` describes for `leaf_count` leaves of `suite`, or why
  // it is inconsistent (a static description, never a secret): an index
  // out of range or out of order, a secret of the wrong size, a leaf
  // covered by no secret or by two, a retained key outside the window.
  // The eviction order is not saved: a restored tree drops the keys
  // farthest behind their ratchet first, then keeps the live order; keys
  // beyond state.options.max_retained_keys are dropped at once.
  static Expected<SecretTree, std::string_view> from_state(const crypto::SuiteAlgorithms& suite,
                                                           uint32_t leaf_count,
                                                           SecretTreeState state);

 private:
  struct LeafRatchets;
  SecretTree(const crypto::SuiteAlgorithms& suite, uint32_t leaf_count, SecretTreeOptions options);
  // Derived ratchets plus held node secrets on the leaf's path (1 when sound).
  size_t secrets_covering(uint32_t leaf) const;
  LeafRatchets* ratchets(uint32_t leaf);
  HashRatchet* ratchet(uint32_t leaf, RatchetType type);
  // After `r` (of leaf, type) changed from `before_count` kept keys and
  // `before_next` as its next generation: records the newly kept keys in
  // the eviction order and enforces max_retained_keys.
  void account(HashRatchet& r, uint32_t leaf, RatchetType type, size_t before_count,
               uint32_t before_next);
  void evict_over_cap();
  void compact_order();
  void rebuild_order();  // after from_state

  // One kept key in the eviction order (a key used since is skipped).
  struct KeyRef {
    uint32_t leaf;
    RatchetType type;
    uint32_t generation;
  };

  const crypto::SuiteAlgorithms* suite_;
  uint32_t leaf_count_;
  SecretTreeOptions options_;
  std::vector<crypto::SecretBytes> nodes_;  // empty = not derived yet or consumed
  std::vector<std::unique_ptr<LeafRatchets>> leaves_;
  std::deque<KeyRef> order_;  // kept keys, skipped earliest first
  size_t retained_keys_ = 0;
  uint64_t evicted_keys_ = 0;
};

}  // namespace zt::mls
