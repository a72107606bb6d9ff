#include "zt/mls/secret_tree.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdio>
#include <memory>

namespace zt::mls {
namespace {

const crypto::SuiteAlgorithms& suite1() { return suite_algorithms(1); }
Bytes root_secret() { return Bytes(32, 0xab); }

TEST(SecretTreeTest, SenderAndReceiverDeriveTheSameKeys) {
  SecretTree sender(suite1(), root_secret(), 8);
  SecretTree receiver(suite1(), root_secret(), 8);
  for (uint32_t g = 0; g < 3; ++g) {
    auto sent = sender.next_key(5, RatchetType::kApplication);
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->generation, g);
    auto got = receiver.take_key(5, RatchetType::kApplication, g);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->key, sent->key);
    EXPECT_EQ(got->nonce, sent->nonce);
    EXPECT_EQ(got->key.size(), 16u);
    EXPECT_EQ(got->nonce.size(), 12u);
  }
}

TEST(SecretTreeTest, HandshakeAndApplicationRatchetsDiffer) {
  SecretTree tree(suite1(), root_secret(), 2);
  auto hs = tree.next_key(0, RatchetType::kHandshake);
  auto app = tree.next_key(0, RatchetType::kApplication);
  ASSERT_TRUE(hs && app);
  EXPECT_FALSE(hs->key == app->key);
  auto other_leaf = tree.next_key(1, RatchetType::kApplication);
  ASSERT_TRUE(other_leaf);
  EXPECT_FALSE(other_leaf->key == app->key);
}

TEST(SecretTreeTest, DerivesOnlyThePathToTheRequestedLeafAndWipesConsumedNodes) {
  SecretTree tree(suite1(), root_secret(), 1024);
  EXPECT_EQ(tree.held_node_secrets(), 1u);  // the root
  ASSERT_TRUE(tree.next_key(0, RatchetType::kApplication));
  // The root and the nine parents under it on the path were consumed; each
  // left one sibling secret behind (10 copath nodes), the leaf went into its ratchets.
  EXPECT_EQ(tree.held_node_secrets(), 10u);
  ASSERT_TRUE(tree.next_key(1, RatchetType::kApplication));
  EXPECT_EQ(tree.held_node_secrets(), 9u);
  ASSERT_TRUE(tree.next_key(1023, RatchetType::kApplication));
  EXPECT_EQ(tree.held_node_secrets(), 9u - 1u + 9u);
}

TEST(SecretTreeTest, OutOfOrderWithinTheWindowThenReplayIsRejected) {
  SecretTree sender(suite1(), root_secret(), 2);
  SecretTree receiver(suite1(), root_secret(), 2);
  std::vector<RatchetKey> sent;
  for (int i = 0; i < 5; ++i)
    sent.push_back(std::move(*sender.next_key(1, RatchetType::kApplication)));

  auto g4 = receiver.take_key(1, RatchetType::kApplication, 4);
  ASSERT_TRUE(g4);
  EXPECT_EQ(g4->key, sent[4].key);
  auto g2 = receiver.take_key(1, RatchetType::kApplication, 2);
  ASSERT_TRUE(g2);
  EXPECT_EQ(g2->key, sent[2].key);

  for (uint32_t used : {2u, 4u}) {
    auto again = receiver.take_key(1, RatchetType::kApplication, used);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code(), MessageErrorCode::kKeyAlreadyUsed);
  }
  auto g0 = receiver.take_key(1, RatchetType::kApplication, 0);
  ASSERT_TRUE(g0);
  EXPECT_EQ(g0->key, sent[0].key);
}

TEST(SecretTreeTest, GenerationTooFarAheadIsRejectedAndChangesNothing) {
  SecretTree receiver(suite1(), root_secret(), 2, SecretTreeOptions{.max_forward_distance = 10});
  auto far = receiver.take_key(0, RatchetType::kHandshake, 11);
  ASSERT_FALSE(far);
  EXPECT_EQ(far.error().code(), MessageErrorCode::kGenerationTooFarAhead);
  EXPECT_EQ(*receiver.next_generation(0, RatchetType::kHandshake), 0u);
  EXPECT_TRUE(receiver.take_key(0, RatchetType::kHandshake, 10));
}

TEST(SecretTreeTest, GenerationOlderThanTheWindowIsRejected) {
  SecretTree receiver(suite1(), root_secret(), 2, SecretTreeOptions{.out_of_order_tolerance = 3});
  ASSERT_TRUE(receiver.take_key(0, RatchetType::kApplication, 10));
  auto old = receiver.take_key(0, RatchetType::kApplication, 5);
  ASSERT_FALSE(old);
  EXPECT_EQ(old.error().code(), MessageErrorCode::kGenerationTooOld);
  // Skipped generations inside the window are still available once each.
  EXPECT_TRUE(receiver.take_key(0, RatchetType::kApplication, 8));
  auto replay = receiver.take_key(0, RatchetType::kApplication, 8);
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().code(), MessageErrorCode::kKeyAlreadyUsed);
}

TEST(SecretTreeTest, LeafOutsideTheTreeIsAnInvalidSender) {
  SecretTree tree(suite1(), root_secret(), 4);
  auto k = tree.next_key(4, RatchetType::kApplication);
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code(), MessageErrorCode::kInvalidSender);
  EXPECT_FALSE(tree.take_key(99, RatchetType::kHandshake, 0));
}

TEST(SecretTreeTest, PutBackMakesAKeyAvailableOnceMore) {
  SecretTree receiver(suite1(), root_secret(), 2);
  auto k = receiver.take_key(0, RatchetType::kApplication, 3);
  ASSERT_TRUE(k);
  const crypto::SecretBytes copy = k->key;
  receiver.put_back_key(0, RatchetType::kApplication, std::move(*k));
  auto again = receiver.take_key(0, RatchetType::kApplication, 3);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->key, copy);
  EXPECT_FALSE(receiver.take_key(0, RatchetType::kApplication, 3));
}

TEST(SecretTreeTest, EveryCipherSuiteHasItsKeySizes) {
  for (const crypto::SuiteAlgorithms& suite : crypto::mls_suite_algorithms()) {
    SecretTree tree(suite, Bytes(suite.nh, 1), 2);
    auto k = tree.next_key(0, RatchetType::kApplication);
    ASSERT_TRUE(k);
    EXPECT_EQ(k->key.size(), suite.nk) << suite.name;
    EXPECT_EQ(k->nonce.size(), suite.nn) << suite.name;
  }
}

// ---- the cap on skipped keys across all senders ----

TEST(SecretTreeTest, ThousandSendersSkippingTheWindowStayUnderTheKeyCap) {
  constexpr uint32_t kSenders = 1000;
  const SecretTreeOptions options;  // defaults: window 128, cap 16384 keys
  const uint32_t skip = options.out_of_order_tolerance;
  const size_t before = mallinfo2().uordblks;
  auto receiver = std::make_unique<SecretTree>(suite1(), root_secret(), 1024, options);
  // Every sender's message of generation `skip` arrives first: each leaves
  // tolerance - 1 skipped keys, 127 000 in all without the cap.
  for (uint32_t leaf = 0; leaf < kSenders; ++leaf)
    ASSERT_TRUE(receiver->take_key(leaf, RatchetType::kApplication, skip));
  const size_t heap = mallinfo2().uordblks - before;
  const uint64_t skipped = uint64_t{kSenders} * (skip - 1);
  EXPECT_EQ(receiver->retained_keys(), options.max_retained_keys);
  EXPECT_EQ(receiver->evicted_keys(), skipped - options.max_retained_keys);
  // The heap the tree holds, measured, and its own estimate: a few MB.
  std::printf("1000 senders x %u skipped: %zu keys kept, %zu bytes of heap (estimate %zu)\n",
              skip - 1, receiver->retained_keys(), heap, receiver->memory_bytes());
  EXPECT_LT(heap, size_t{4} << 20);
  EXPECT_LT(receiver->memory_bytes(), size_t{4} << 20);
  EXPECT_GT(receiver->memory_bytes(), heap / 2);
  // Oldest first: the first senders' keys are gone (they read as used),
  // the last senders' are all there.
  auto first = receiver->take_key(0, RatchetType::kApplication, 1);
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code(), MessageErrorCode::kKeyAlreadyUsed);
  for (uint32_t g = 1; g < skip; ++g)
    EXPECT_TRUE(receiver->take_key(kSenders - 1, RatchetType::kApplication, g)) << g;
  EXPECT_EQ(receiver->retained_keys(), options.max_retained_keys - (skip - 1));
}

TEST(SecretTreeTest, RepeatedPutBacksDoNotGrowTheEvictionOrder) {
  SecretTree receiver(suite1(), root_secret(), 2, SecretTreeOptions{.max_retained_keys = 4});
  ASSERT_TRUE(receiver.take_key(0, RatchetType::kApplication, 3));
  EXPECT_EQ(receiver.retained_keys(), 3u);
  const size_t base = receiver.memory_bytes();
  for (int i = 0; i < 10000; ++i) {  // a corrupted copy of generation 1, again and again
    auto k = receiver.take_key(0, RatchetType::kApplication, 1);
    ASSERT_TRUE(k);
    receiver.put_back_key(0, RatchetType::kApplication, std::move(*k));
  }
  EXPECT_EQ(receiver.retained_keys(), 3u);
  EXPECT_EQ(receiver.evicted_keys(), 0u);
  EXPECT_LT(receiver.memory_bytes(), base + 2048 * 12);
  for (uint32_t g : {0u, 1u, 2u}) EXPECT_TRUE(receiver.take_key(0, RatchetType::kApplication, g));
}

TEST(SecretTreeTest, RestoredTreeKeepsTheCapAndDropsFarthestBehindFirst) {
  SecretTree live(suite1(), root_secret(), 2);
  ASSERT_TRUE(live.take_key(0, RatchetType::kApplication, 10));  // keeps 0..9
  ASSERT_TRUE(live.take_key(1, RatchetType::kApplication, 3));   // keeps 0..2
  SecretTreeState state = live.export_state();
  state.options.max_retained_keys = 8;
  auto restored = SecretTree::from_state(suite1(), 2, std::move(state));
  ASSERT_TRUE(restored);
  EXPECT_EQ(restored->retained_keys(), 8u);
  EXPECT_EQ(restored->evicted_keys(), 5u);
  // Dropped: leaf 0's generations 0..4 (10 to 6 behind); kept: 5..9 and leaf 1's.
  EXPECT_FALSE(restored->take_key(0, RatchetType::kApplication, 4));
  EXPECT_TRUE(restored->take_key(0, RatchetType::kApplication, 5));
  EXPECT_TRUE(restored->take_key(1, RatchetType::kApplication, 0));
}

}  // namespace
}  // namespace zt::mls
