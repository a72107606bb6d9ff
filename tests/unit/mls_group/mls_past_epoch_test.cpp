// Application messages of earlier epochs (RFC 9420 section 15.2, issue 13):
// a retained epoch's PrivateMessages still decrypt, once per generation,
// also after a save and restore; older epochs are refused with the epoch
// named; handshakes of an old epoch are refused; the retained keys' memory
// is capped, oldest epoch first, and counted.
#include <gtest/gtest.h>

#include "group_fixture.h"

namespace zt::mls::testing {
namespace {

const Bytes kKey(32, 7);

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

ReceivedApplication received(Group& g, const MlsMessage& message) {
  return std::get<ReceivedApplication>(g.handle(message));
}

// The epoch an EpochNotRetained names (the test fails on anything else).
uint64_t not_retained(Group& g, const MlsMessage& message) {
  try {
    g.handle(message);
  } catch (const EpochNotRetained& e) {
    EXPECT_NE(std::string(e.what()).find("epoch " + std::to_string(e.epoch())), std::string::npos);
    return e.epoch();
  }
  ADD_FAILURE() << "not refused with EpochNotRetained";
  return UINT64_MAX;
}

// The interop runner's out-of-order-across-epochs script: alice protects
// two messages, commits, protects two more; bob gets them in reverse order.
struct AcrossEpochs : ::testing::Test {
  GroupOptions options;
  std::unique_ptr<Meeting> m;
  std::vector<MlsMessage> sent;  // m1, m2 (epoch e), m3, m4 (epoch e + 1)
  uint64_t first_epoch = 0;

  void start(GroupOptions o = {}) {
    options = o;
    sent.clear();
    m = std::make_unique<Meeting>(3, options);
    first_epoch = alice().epoch();
    sent.push_back(alice().protect(text("m1"), text("ad1")));
    sent.push_back(alice().protect(text("m2")));
    m->commit(0);
    sent.push_back(alice().protect(text("m3")));
    sent.push_back(alice().protect(text("m4")));
  }
  void SetUp() override { start(); }
  Group& alice() { return m->at(0); }
  Group& bob() { return m->at(1); }
};

TEST_F(AcrossEpochs, ReverseOrderDecryptsInBothEpochs) {
  for (int i : {3, 2, 1, 0}) {
    ReceivedApplication got = received(bob(), sent[i]);
    EXPECT_EQ(got.data, text(numbered("m", i + 1)));
    EXPECT_EQ(got.sender, 0u);
    EXPECT_EQ(got.epoch, first_epoch + (i >= 2 ? 1 : 0));
  }
  EXPECT_EQ(received(m->at(2), sent[0]).authenticated_data, text("ad1"));
}

TEST_F(AcrossEpochs, APastEpochsKeyIsUsedOnce) {
  EXPECT_EQ(received(bob(), sent[1]).data, text("m2"));
  EXPECT_EQ(rejection(bob(), sent[1]), MessageErrorCode::kKeyAlreadyUsed);
  // The other generation of that epoch is still there, and only once.
  EXPECT_EQ(received(bob(), sent[0]).data, text("m1"));
  EXPECT_EQ(rejection(bob(), sent[0]), MessageErrorCode::kKeyAlreadyUsed);
}

TEST_F(AcrossEpochs, TamperedCopyDoesNotBurnThePastKey) {
  MlsMessage bad = sent[0];
  std::get<PrivateMessage>(bad.message).ciphertext.back() ^= 1;
  EXPECT_EQ(rejection(bob(), bad), MessageErrorCode::kContentDecryptFailed);
  EXPECT_EQ(received(bob(), sent[0]).data, text("m1"));
}

TEST_F(AcrossEpochs, MessageFromRetainedPlusOneEpochsBackIsRefusedWithItsEpoch) {
  // retained_epochs = 3: after three more commits the first epoch is the
  // fourth one back.
  for (uint32_t c : {1u, 2u}) m->commit(c);
  EXPECT_EQ(bob().epoch(), first_epoch + 3);
  EXPECT_EQ(received(bob(), sent[1]).data, text("m2"));  // 3 back: retained
  m->commit(0);
  EXPECT_EQ(not_retained(bob(), sent[0]), first_epoch);  // 4 back: gone
  EXPECT_EQ(received(bob(), sent[2]).data, text("m3"));  // 3 back
  // The refusal is an EpochMismatch for callers that do not care why.
  EXPECT_THROW(bob().handle(sent[0]), EpochMismatch);
}

TEST_F(AcrossEpochs, NoneRetainedRefusesThePreviousEpoch) {
  GroupOptions none;
  none.retained_epochs = 0;
  start(none);
  EXPECT_EQ(received(bob(), sent[3]).data, text("m4"));
  EXPECT_EQ(not_retained(bob(), sent[1]), first_epoch);
  EXPECT_EQ(bob().key_memory().retained_epochs_with_keys, 0u);
}

TEST_F(AcrossEpochs, FutureEpochIsAnEpochMismatch) {
  // Carol has not processed the next commit yet when alice's next-epoch
  // message arrives.
  Meeting two(2);
  CommitResult c = two.at(0).commit();
  two.at(0).merge_pending_commit();
  MlsMessage ahead = two.at(0).protect(text("too early"));
  try {
    two.at(1).handle(ahead);
    ADD_FAILURE() << "accepted";
  } catch (const EpochNotRetained&) {
    ADD_FAILURE() << "a future epoch is not a retained one";
  } catch (const EpochMismatch&) {
  }
  two.at(1).handle(c.commit);
  EXPECT_EQ(received(two.at(1), ahead).data, text("too early"));
}

void expect_old_handshakes_refused(WireFormat format) {
  GroupOptions o;
  o.handshake_wire_format = format;
  Meeting m(3, o);
  MlsMessage proposal = m.at(2).propose_update();
  CommitResult late = m.at(1).commit();  // never sent: epoch e as well
  m.at(1).discard_pending_commit();
  m.commit(0);
  for (const MlsMessage* old : {&proposal, &late.commit}) {
    try {
      m.at(1).handle(*old);
      ADD_FAILURE() << "old handshake accepted";
    } catch (const EpochNotRetained&) {
      ADD_FAILURE() << "refused as a missing application key";
    } catch (const EpochMismatch& e) {
      EXPECT_NE(std::string(e.what()).find("another epoch"), std::string::npos);
    }
  }
  EXPECT_EQ(m.at(1).pending_proposal_count(), 0u);
}

TEST(PastEpochHandshake, PublicAndPrivateHandshakesOfAnOldEpochAreRefused) {
  expect_old_handshakes_refused(WireFormat::kPublicMessage);
  expect_old_handshakes_refused(WireFormat::kPrivateMessage);
}

// ---- save and restore between the commit and the late messages ----

TEST_F(AcrossEpochs, LateMessagesDecryptAfterARestore) {
  EXPECT_EQ(received(bob(), sent[1]).data, text("m2"));  // before the save
  Group restored = Group::restore(bob().serialize(kKey), kKey, options);
  EXPECT_EQ(restored.key_memory().retained_epochs_with_keys, 1u);  // bob joined in first_epoch
  for (int i : {3, 2, 0}) EXPECT_EQ(received(restored, sent[i]).data, text(numbered("m", i + 1)));
  // Used before the save, used after it: refused the same way.
  for (int i : {0, 1, 2, 3})
    EXPECT_EQ(rejection(restored, sent[i]), MessageErrorCode::kKeyAlreadyUsed) << i;
  // The restored member follows the next commits and the retention limit.
  std::unique_ptr<Group> live = std::move(m->members[1]);
  m->members[1] = std::make_unique<Group>(std::move(restored));
  for (uint32_t c : {0u, 2u, 0u}) m->commit(c);
  EXPECT_EQ(rejection(bob(), sent[2]), MessageErrorCode::kKeyAlreadyUsed);  // 3 back
  m->commit(2);
  EXPECT_EQ(not_retained(bob(), sent[2]), first_epoch + 1);  // 4 back
}

TEST_F(AcrossEpochs, Version3StateRestoresWithNoPastApplicationKeys) {
  // A v3 blob: the v4 layout without the tree hash cache and the vector of
  // past epochs' application keys (empty here: the byte cap dropped them).
  GroupOptions no_bytes = options;
  no_bytes.retained_key_bytes = 0;
  Group stripped = Group::restore(bob().serialize(kKey), kKey, no_bytes);
  const Bytes plain = older_state_plaintext(stripped, kKey, 3);
  Group v3 = Group::restore(seal_state(plain, kKey, 3), kKey, options);
  EXPECT_EQ(v3.epoch(), bob().epoch());
  EXPECT_EQ(received(v3, sent[3]).data, text("m4"));  // the current epoch is whole
  EXPECT_EQ(not_retained(v3, sent[0]), first_epoch);
  // Its exporter secrets are kept, and saving writes v4 again.
  EXPECT_TRUE(v3.export_secret(first_epoch, "sframe", {}, 16) ==
              bob().export_secret(first_epoch, "sframe", {}, 16));
  EXPECT_EQ(v3.serialize(kKey)[4], 4u);
}

TEST_F(AcrossEpochs, ApplicationKeysOfAnEpochNotRetainedAreAStateError) {
  // Application keys saved for an epoch the state does not retain.
  GroupOptions one;
  one.retained_epochs = 1;
  Meeting small(2, one);
  small.commit(0);
  small.commit(1);
  Bytes plain = open_state(small.at(1).serialize(kKey), kKey);
  EXPECT_NO_THROW(Group::restore(seal_state(plain, kKey, 4), kKey, one));
  // Relabel the retained epoch's application keys with another epoch.
  const uint64_t kept = small.at(1).epoch() - 1;
  Bytes needle(8);
  for (int i = 0; i < 8; ++i) needle[i] = static_cast<uint8_t>(kept >> (56 - 8 * i));
  auto at = std::find_end(plain.begin(), plain.end(), needle.begin(), needle.end());
  ASSERT_NE(at, plain.end());
  at[7] ^= 0x40;
  EXPECT_THROW(Group::restore(seal_state(plain, kKey, 4), kKey, one), StateError);
}

// ---- memory ----

TEST_F(AcrossEpochs, ByteCapDropsTheOldestEpochsKeysFirstAndCountsIt) {
  // Room for about one epoch's keys: committing again drops the oldest.
  GroupOptions tight;
  tight.retained_key_bytes = bob().key_memory().retained_key_bytes * 3 / 2;
  ASSERT_GT(tight.retained_key_bytes, 0u);
  start(tight);
  EXPECT_EQ(bob().key_memory().retained_epochs_with_keys, 1u);
  m->commit(1);  // epoch first+1 is retained too: first's keys go
  const KeyMemory mem = bob().key_memory();
  EXPECT_EQ(mem.retained_epochs_with_keys, 1u);
  EXPECT_EQ(mem.evicted_epochs, 1u);
  EXPECT_LE(mem.retained_key_bytes, tight.retained_key_bytes);
  EXPECT_EQ(not_retained(bob(), sent[0]), first_epoch);
  EXPECT_EQ(received(bob(), sent[2]).data, text("m3"));
  // The exporter secret of the dropped epoch stays (media keys).
  EXPECT_NO_THROW(bob().export_secret(first_epoch, "sframe", {}, 16));
}

TEST(PastEpochMemory, SkippedKeysOfAllSendersAreCappedAndCounted) {
  GroupOptions o;
  o.secret_tree.max_retained_keys = 5;
  Meeting m(3, o);
  std::vector<MlsMessage> from0, from2;
  for (int i = 0; i < 4; ++i) from0.push_back(m.at(0).protect(text(numbered("a", i))));
  for (int i = 0; i < 4; ++i) from2.push_back(m.at(2).protect(text(numbered("c", i))));
  // Member 1 skips 3 keys of sender 0, then 3 of sender 2: 6 > 5, so
  // sender 0's generation 0, the key skipped earliest, is dropped.
  EXPECT_EQ(received(m.at(1), from0[3]).data, text("a3"));
  EXPECT_EQ(received(m.at(1), from2[3]).data, text("c3"));
  KeyMemory mem = m.at(1).key_memory();
  EXPECT_EQ(mem.current_retained_keys, 5u);
  EXPECT_EQ(mem.evicted_keys, 1u);
  EXPECT_EQ(rejection(m.at(1), from0[0]), MessageErrorCode::kKeyAlreadyUsed);
  for (int i : {1, 2}) EXPECT_EQ(received(m.at(1), from0[i]).data, text(numbered("a", i)));
  // The count survives the epoch change (the tree is now a retained one).
  m.commit(0);
  EXPECT_EQ(m.at(1).key_memory().evicted_keys, 1u);
  EXPECT_EQ(received(m.at(1), from2[0]).data, text("c0"));
}

}  // namespace
}  // namespace zt::mls::testing
