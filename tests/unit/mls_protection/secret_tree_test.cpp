#include "zt/mls/secret_tree.h"

#include <gtest/gtest.h>

namespace zt::mls {
namespace {

const SuiteInfo& suite1() { return suite_info(1); }
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
  for (const SuiteInfo& suite : crypto::mls_cipher_suites()) {
    SecretTree tree(suite, Bytes(suite.nh, 1), 2);
    auto k = tree.next_key(0, RatchetType::kApplication);
    ASSERT_TRUE(k);
    EXPECT_EQ(k->key.size(), suite.nk) << suite.name;
    EXPECT_EQ(k->nonce.size(), suite.nn) << suite.name;
  }
}

}  // namespace
}  // namespace zt::mls
