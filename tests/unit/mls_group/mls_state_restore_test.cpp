// Saving and restoring the client state forgets nothing a replay could use
// and brings back nothing that was deleted: out-of-order keys survive,
// consumed generations stay refused with the same error, deleted keys stay
// underivable (application and handshake ratchets); a reinitialized group
// keeps its ReInit and every member its retained resumption PSKs; the blob
// is versioned (v4; v3 read as "no past epoch's application keys", v2 as
// "no ReInit" either) and refuses a wrong key,
// tampering and old or unknown versions; a 1000-member state stays small.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>

#include "group_fixture.h"
#include "zt/crypto/aead.h"
#include "zt/crypto/random.h"
#include "zt/mls/secret_tree.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls::testing {
namespace {

const Bytes kKey(32, 7);

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

Bytes application_data(Group& g, const MlsMessage& message) {
  return std::get<ReceivedApplication>(g.handle(message)).data;
}

// Application messages "g0".."g<n-1>" from `sender` (generations 0..n-1).
std::vector<MlsMessage> send(Group& sender, int n) {
  std::vector<MlsMessage> sent;
  for (int i = 0; i < n; ++i) sent.push_back(sender.protect(text(numbered("g", i))));
  return sent;
}

Group save_and_restore(const Group& g, const GroupOptions& options = {}) {
  return Group::restore(g.serialize(kKey), kKey, options);
}

// The sealed plaintext of a blob under kKey, and a blob of `version` around one.
Bytes open_state(BytesView blob) { return testing::open_state(blob, kKey); }
Bytes seal_state(BytesView plain, uint8_t version = 4) {
  return testing::seal_state(plain, kKey, version);
}

std::string restore_error(BytesView blob, BytesView key = kKey) {
  try {
    Group::restore(blob, key);
  } catch (const StateError& e) {
    return e.what();
  }
  ADD_FAILURE() << "state restored";
  return {};
}

// ---- application ratchet ----

struct OutOfOrder : ::testing::Test {
  Meeting m{3};
  std::vector<MlsMessage> sent;  // generations 0..5 of member 0

  void SetUp() override {
    sent = send(m.at(0), 6);
    // Member 1 receives g0..g5 out of order, skipping g3.
    for (int i : {5, 0, 2, 1, 4})
      EXPECT_EQ(application_data(m.at(1), sent[i]), text(numbered("g", i)));
  }
};

TEST_F(OutOfOrder, SkippedGenerationStillDecryptsAfterRestore) {
  Group restored = save_and_restore(m.at(1));
  EXPECT_EQ(application_data(restored, sent[3]), text("g3"));
  EXPECT_EQ(rejection(restored, sent[3]), MessageErrorCode::kKeyAlreadyUsed);
}

TEST_F(OutOfOrder, ReplaysAreRefusedAfterRestoreAsBefore) {
  Group restored = save_and_restore(m.at(1));
  for (int i : {0, 1, 2, 4, 5}) {
    const MessageErrorCode before = rejection(m.at(1), sent[i]);
    EXPECT_EQ(before, MessageErrorCode::kKeyAlreadyUsed) << "g" << i;
    EXPECT_EQ(rejection(restored, sent[i]), before) << "g" << i;
  }
  // Refusals change nothing: g3 is still there in both.
  EXPECT_EQ(application_data(restored, sent[3]), text("g3"));
  EXPECT_EQ(application_data(m.at(1), sent[3]), text("g3"));
}

TEST_F(OutOfOrder, RestoredStateSerializesToTheSamePlaintext) {
  const Bytes blob = m.at(1).serialize(kKey);
  const Bytes again = Group::restore(blob, kKey).serialize(kKey);
  EXPECT_NE(blob, again);  // fresh nonce
  EXPECT_EQ(open_state(blob), open_state(again));
}

TEST_F(OutOfOrder, RestoredMembersKeepSendingWithoutReusingGenerations) {
  Group sender = save_and_restore(m.at(0));
  Group receiver = save_and_restore(m.at(1));
  MlsMessage next = sender.protect(text("after"));  // generation 6, not 0 again
  EXPECT_EQ(application_data(receiver, next), text("after"));
  EXPECT_EQ(application_data(m.at(2), next), text("after"));
  EXPECT_EQ(rejection(receiver, next), MessageErrorCode::kKeyAlreadyUsed);
  MlsMessage reply = receiver.protect(text("reply"));
  EXPECT_EQ(application_data(sender, reply), text("reply"));
}

TEST(StateRestore, KeysDeletedBeforeTheSaveStayUnavailable) {
  GroupOptions options;
  options.secret_tree.out_of_order_tolerance = 4;
  Meeting m(2, options);
  const std::vector<MlsMessage> sent = send(m.at(0), 10);
  // g9 first: g6..g8 are kept, g0..g5 fall outside the window and are deleted.
  EXPECT_EQ(application_data(m.at(1), sent[9]), text("g9"));
  EXPECT_EQ(application_data(m.at(1), sent[7]), text("g7"));
  Group restored = save_and_restore(m.at(1), options);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(rejection(m.at(1), sent[i]), MessageErrorCode::kGenerationTooOld) << "g" << i;
    EXPECT_EQ(rejection(restored, sent[i]), MessageErrorCode::kGenerationTooOld) << "g" << i;
  }
  EXPECT_EQ(rejection(restored, sent[7]), MessageErrorCode::kKeyAlreadyUsed);
  EXPECT_EQ(rejection(restored, sent[9]), MessageErrorCode::kKeyAlreadyUsed);
  EXPECT_EQ(application_data(restored, sent[6]), text("g6"));
  EXPECT_EQ(application_data(restored, sent[8]), text("g8"));
}

TEST(StateRestore, RestoredEpochKeepsTheSavedWindow) {
  GroupOptions narrow;
  narrow.secret_tree.out_of_order_tolerance = 2;
  Meeting m(2, narrow);
  const std::vector<MlsMessage> sent = send(m.at(0), 6);
  EXPECT_EQ(application_data(m.at(1), sent[5]), text("g5"));
  // Window 2 behind g5 keeps only g4. Restored with the default (wider)
  // window, g0..g3 (deleted before the save) stay refused as too old,
  // exactly as in the saved epoch.
  Group restored = save_and_restore(m.at(1), GroupOptions{});
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(rejection(restored, sent[i]), MessageErrorCode::kGenerationTooOld) << "g" << i;
  EXPECT_EQ(application_data(restored, sent[4]), text("g4"));
}

// ---- handshake ratchet ----

TEST(StateRestore, HandshakeRatchetAndCachedProposalsSurvive) {
  GroupOptions options;
  options.handshake_wire_format = WireFormat::kPrivateMessage;
  Meeting m(3, options);
  std::vector<KeyPackageBundle> joiners;
  std::vector<MlsMessage> proposals;
  for (int i = 0; i < 3; ++i) {
    joiners.push_back(make_bundle(numbered("joiner", i)));
    proposals.push_back(m.at(0).propose_add(joiners.back().key_package));
  }
  for (int i : {2, 0})
    EXPECT_TRUE(std::holds_alternative<ReceivedProposal>(m.at(1).handle(proposals[i])));
  for (const MlsMessage& p : proposals) m.at(2).handle(p);

  Group restored = save_and_restore(m.at(1), options);
  EXPECT_EQ(restored.pending_proposal_count(), 2u);
  EXPECT_TRUE(std::holds_alternative<ReceivedProposal>(restored.handle(proposals[1])));
  for (int i : {0, 2}) {
    const MessageErrorCode before = rejection(m.at(1), proposals[i]);
    EXPECT_EQ(before, MessageErrorCode::kKeyAlreadyUsed);
    EXPECT_EQ(rejection(restored, proposals[i]), before);
  }
  EXPECT_EQ(rejection(restored, proposals[1]), MessageErrorCode::kKeyAlreadyUsed);

  // The commit names the three proposals by reference: the restored member
  // still holds all of them.
  CommitResult commit = m.at(0).commit();
  AppliedCommit applied = std::get<AppliedCommit>(restored.handle(commit.commit));
  EXPECT_EQ(applied.added.size(), 3u);
  m.at(2).handle(commit.commit);
  m.at(0).merge_pending_commit();
  EXPECT_EQ(restored.epoch(), m.at(0).epoch());
  EXPECT_EQ(to_hex(restored.epoch_authenticator()), to_hex(m.at(2).epoch_authenticator()));
}

TEST(StateRestore, RestoredSenderContinuesItsHandshakeRatchet) {
  GroupOptions options;
  options.handshake_wire_format = WireFormat::kPrivateMessage;
  Meeting m(2, options);
  MlsMessage first = m.at(0).propose_add(make_bundle("x").key_package);
  m.at(1).handle(first);
  Group sender = save_and_restore(m.at(0), options);
  EXPECT_EQ(sender.pending_proposal_count(), 1u);
  // Generation 1, not 0 again (which member 1 would refuse as used).
  MlsMessage second = sender.propose_add(make_bundle("y").key_package);
  EXPECT_TRUE(std::holds_alternative<ReceivedProposal>(m.at(1).handle(second)));
  EXPECT_EQ(rejection(m.at(1), second), MessageErrorCode::kKeyAlreadyUsed);
}

TEST(StateRestore, OwnUpdateProposalKeySurvives) {
  Meeting m(3);
  MlsMessage update = m.at(1).propose_update();
  m.at(0).handle(update);
  m.at(2).handle(update);
  Group restored = save_and_restore(m.at(1));
  CommitResult commit = m.at(0).commit();
  restored.handle(commit.commit);  // needs the private key of the new leaf
  m.at(2).handle(commit.commit);
  m.at(0).merge_pending_commit();
  EXPECT_EQ(to_hex(restored.epoch_authenticator()), to_hex(m.at(0).epoch_authenticator()));
}

// ---- reinitialization and resumption PSKs ----

constexpr CipherSuite kNewSuite = 3;
const ReInit kReInit{
    Bytes{'m', 'e', 'e', 't', '-', 'v', '2'}, ProtocolVersion::kMls10, kNewSuite, {}};

// The message of the ProtocolError that `f` throws (the test fails if none).
std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const ProtocolError& e) {
    return e.what();
  }
  ADD_FAILURE() << "not refused";
  return {};
}

// The version-2 blob of `g` (restored without past epochs' application
// keys first: v2 has none).
Bytes as_version2(const Group& g) {
  GroupOptions no_past_keys;
  no_past_keys.retained_key_bytes = 0;
  const Group stripped = Group::restore(g.serialize(kKey), kKey, no_past_keys);
  return seal_state(older_state_plaintext(stripped, kKey, 2), 2);
}

PreSharedKeyId resumption_psk(const Group& g, uint64_t epoch) {
  return {ResumptionPsk{ResumptionPskUsage::kApplication, g.group_id(), epoch},
          Bytes(suite_algorithms(kSuite).nh, 5)};
}

// A 2-member meeting (suite 1) that applied a ReInit to suite 3, one epoch
// after another commit (so that a past epoch is retained too).
struct Reinitialized : ::testing::Test {
  Meeting m{2};
  KeyPackageBundle next0 = make_bundle("m0", kNewSuite);
  KeyPackageBundle next1 = make_bundle("m1", kNewSuite);

  void SetUp() override {
    m.commit(0);
    ASSERT_TRUE(m.commit(1, {Proposal{kReInit}}).reinit.has_value());
  }
};

TEST_F(Reinitialized, RestoredOldGroupStillRefusesWithTheReInitError) {
  Group old = save_and_restore(m.at(0));
  ASSERT_TRUE(old.reinit().has_value());
  EXPECT_EQ(*old.reinit(), kReInit);
  EXPECT_EQ(old.epoch(), m.at(0).epoch());
  for (const std::function<void()>& send : std::vector<std::function<void()>>{
           [&] { old.protect(text("after the ReInit")); }, [&] { old.commit(); },
           [&] { old.propose_update(); }, [&] { old.group_info(); }}) {
    EXPECT_NE(refusal(send).find("the group was reinitialized (ReInit)"), std::string::npos);
  }
  // Media in flight still decrypts: the exporter of this and the retained epoch.
  for (uint64_t epoch : {old.epoch(), old.epoch() - 1}) {
    EXPECT_TRUE(old.export_secret(epoch, "sframe", {}, 16) ==
                m.at(0).export_secret(epoch, "sframe", {}, 16))
        << epoch;
  }
  EXPECT_EQ(save_and_restore(old).reinit(), old.reinit());
}

TEST_F(Reinitialized, RestoredMembersCreateAndJoinTheNewGroup) {
  Group old0 = save_and_restore(m.at(0));
  Group old1 = save_and_restore(m.at(1));
  Group::Subgroup created = Group::create_reinit(old1, next1, {next0.key_package});
  ASSERT_TRUE(created.welcome.has_value());
  Group joined = Group::join(*created.welcome, next0, old0);
  EXPECT_EQ(joined.group_id(), kReInit.group_id);
  EXPECT_EQ(joined.cipher_suite(), kNewSuite);
  EXPECT_EQ(joined.epoch(), 1u);
  EXPECT_EQ(to_hex(joined.epoch_authenticator()), to_hex(created.group.epoch_authenticator()));
  EXPECT_EQ(application_data(created.group, joined.protect(text("new group"))), text("new group"));
  EXPECT_EQ(application_data(joined, created.group.protect(text("reply"))), text("reply"));
}

TEST_F(Reinitialized, RestoredAndLiveMembersMixInTheNewGroup) {
  // The reinit PSK a restored member resolves is the one a live member holds.
  Group old0 = save_and_restore(m.at(0));
  Group::Subgroup by_live = Group::create_reinit(m.at(1), next1, {next0.key_package});
  Group joined = Group::join(*by_live.welcome, next0, old0);
  EXPECT_EQ(to_hex(joined.epoch_authenticator()), to_hex(by_live.group.epoch_authenticator()));

  Group old1 = save_and_restore(m.at(1));
  KeyPackageBundle again0 = make_bundle("m0", kNewSuite);
  Group::Subgroup by_restored = Group::create_reinit(old1, next1, {again0.key_package});
  Group joined_live = Group::join(*by_restored.welcome, again0, m.at(0));
  EXPECT_EQ(to_hex(joined_live.epoch_authenticator()),
            to_hex(by_restored.group.epoch_authenticator()));
}

TEST_F(Reinitialized, Version2StateRestoresAsAMemberThatLeft) {
  // A v2 state has no ReInit field: the old group comes back as the v2
  // build restored it, refusing everything but unable to start the new group.
  Group old = Group::restore(as_version2(m.at(0)), kKey);
  EXPECT_FALSE(old.reinit().has_value());
  EXPECT_NE(refusal([&] { old.protect(text("x")); }).find("left the group"), std::string::npos);
  EXPECT_THROW(Group::create_reinit(old, next0, {next1.key_package}), ProtocolError);
}

TEST(StateRestore, Version2StateOfAnActiveMemberRestores) {
  Meeting m(2);
  m.commit(0);
  Group restored = Group::restore(as_version2(m.at(1)), kKey);
  EXPECT_FALSE(restored.reinit().has_value());
  EXPECT_EQ(application_data(restored, m.at(0).protect(text("from v2"))), text("from v2"));
  const uint64_t past = restored.epoch() - 1;
  EXPECT_TRUE(restored.export_secret(past, "sframe", {}, 16) ==
              m.at(1).export_secret(past, "sframe", {}, 16));
  const Bytes saved_again = restored.serialize(kKey);
  EXPECT_EQ(saved_again[4], 4u);
  EXPECT_EQ(Group::restore(saved_again, kKey).epoch(), m.at(1).epoch());
}

TEST(StateRestore, ReInitOnAnActiveGroupIsAStateError) {
  Meeting m(2);
  // A fresh joiner's v4 plaintext with a ReInit: the v2 part, the ReInit,
  // no past epoch's keys, no tree hash cache.
  Bytes plain = older_state_plaintext(m.at(1), kKey, 2);
  const Bytes reinit = encode(std::optional<ReInit>(kReInit));
  plain.insert(plain.end(), reinit.begin(), reinit.end());
  plain.push_back(0);
  plain.push_back(0);
  EXPECT_NE(restore_error(seal_state(plain)).find("reinitialized group"), std::string::npos);
}

TEST(StateRestore, RetainedResumptionPsksSurvive) {
  Meeting m(3);
  for (uint32_t i = 0; i < 3; ++i) m.commit(i);
  const uint64_t now = m.at(0).epoch();  // now-3 .. now-1 retained (3 by default)
  Group receiver = save_and_restore(m.at(1));
  Group committer = save_and_restore(m.at(2));
  auto with_psk = [&](uint64_t epoch) {
    CommitOptions o;
    o.proposals.push_back(Proposal{PreSharedKey{resumption_psk(m.at(0), epoch)}});
    return o;
  };
  // The oldest retained epoch's PSK, committed by a live member: both
  // restored members resolve it.
  CommitResult first = m.at(0).commit(with_psk(now - 3));
  m.at(0).merge_pending_commit();
  receiver.handle(first.commit);
  committer.handle(first.commit);
  EXPECT_EQ(to_hex(receiver.epoch_authenticator()), to_hex(m.at(0).epoch_authenticator()));
  EXPECT_EQ(to_hex(committer.epoch_authenticator()), to_hex(m.at(0).epoch_authenticator()));
  // A restored member commits a PSK of an epoch before its save.
  CommitResult second = committer.commit(with_psk(now - 1));
  committer.merge_pending_commit();
  m.at(0).handle(second.commit);
  receiver.handle(second.commit);
  EXPECT_EQ(to_hex(receiver.epoch_authenticator()), to_hex(committer.epoch_authenticator()));
  EXPECT_EQ(to_hex(m.at(0).epoch_authenticator()), to_hex(committer.epoch_authenticator()));
  // Past the retention the PSK is gone, restored or not.
  EXPECT_THROW(save_and_restore(committer).commit(with_psk(now - 3)), ProtocolError);
}

TEST(StateRestore, RestoredMemberJoinsABranchOfARetainedEpoch) {
  Meeting m(3);
  KeyPackageBundle b0 = make_bundle("m0");
  KeyPackageBundle b2 = make_bundle("m2");
  Group::Subgroup branch =
      Group::create_branch(m.at(0), Bytes{'s', 'i', 'd', 'e'}, b0, {b2.key_package});
  m.commit(1);  // the branch's PSK epoch is now a retained one
  Group restored = save_and_restore(m.at(2));
  Group joined = Group::join(*branch.welcome, b2, restored);
  EXPECT_EQ(to_hex(joined.epoch_authenticator()), to_hex(branch.group.epoch_authenticator()));
}

// ---- the blob ----

TEST(StateRestore, WrongKeyTamperingAndVersionsFailCleanly) {
  Meeting m(2);
  const Bytes blob = m.at(1).serialize(kKey);
  ASSERT_EQ(Bytes(blob.begin(), blob.begin() + 5), concat(as_bytes("ZTCS"), Bytes{4}));
  EXPECT_NE(restore_error(blob, Bytes(32, 8)).find("does not decrypt"), std::string::npos);
  EXPECT_THROW(Group::restore(blob, Bytes(16, 7)), StateError);
  for (size_t at : {size_t{5}, size_t{16}, size_t{40}, blob.size() / 2, blob.size() - 1}) {
    Bytes tampered = blob;
    tampered[at] ^= 0x01;
    EXPECT_NE(restore_error(tampered).find("does not decrypt"), std::string::npos) << at;
  }
  for (uint8_t version : {0, 1, 5, 255}) {
    Bytes other_version = blob;
    other_version[4] = version;
    EXPECT_NE(restore_error(other_version).find("is not supported"), std::string::npos)
        << int{version};
  }
  // Versions 2 and 3 are read, but the version is authenticated:
  // relabelling a v4 blob breaks the tag.
  for (uint8_t version : {2, 3}) {
    Bytes relabelled = blob;
    relabelled[4] = version;
    EXPECT_NE(restore_error(relabelled).find("does not decrypt"), std::string::npos);
  }
  Bytes no_header = blob;
  no_header[0] = 'X';
  EXPECT_NE(restore_error(no_header).find("not a zt client state"), std::string::npos);
  EXPECT_THROW(Group::restore(BytesView(blob).first(10), kKey), StateError);
  EXPECT_THROW(Group::restore(BytesView(blob).first(blob.size() - 1), kKey), StateError);

  // A version-1 blob (nonce | AES-256-GCM, aad "zt mls client state v1").
  const Bytes nonce(12, 3);
  Bytes v1 = nonce;
  const Bytes sealed = crypto::aead_seal(crypto::AeadAlgorithm::kAes256Gcm, kKey, nonce,
                                         as_bytes("zt mls client state v1"), text("old state"));
  v1.insert(v1.end(), sealed.begin(), sealed.end());
  EXPECT_NE(restore_error(v1).find("version 1 is no longer supported"), std::string::npos);

  // None of this consumed anything: the genuine blob still restores.
  Group restored = Group::restore(blob, kKey);
  EXPECT_EQ(application_data(restored, m.at(0).protect(text("ok"))), text("ok"));
}

TEST(StateRestore, InconsistentSealedContentIsAStateError) {
  Meeting m(2);
  Bytes plain = open_state(m.at(1).serialize(kKey));
  auto seal = [](BytesView p) { return seal_state(p); };
  ASSERT_NO_THROW(Group::restore(seal(plain), kKey));
  EXPECT_THROW(Group::restore(seal(BytesView(plain).first(plain.size() - 1)), kKey), StateError);
  Bytes trailing = plain;
  trailing.push_back(0);
  EXPECT_THROW(Group::restore(seal(trailing), kKey), StateError);
  // Cipher suite 0xffff (the GroupContext starts with version, cipher_suite).
  Bytes bad_suite = plain;
  bad_suite[2] = 0xff;
  bad_suite[3] = 0xff;
  EXPECT_NE(restore_error(seal(bad_suite)).find("cipher suite"), std::string::npos);
}

// ---- size ----

TEST(StateRestore, OneThousandMemberStateRoundTripsAndStaysSmall) {
  Meeting m(1);
  std::vector<KeyPackageBundle> joiners;
  CommitOptions opts;
  for (int i = 1; i < 1000; ++i) {
    joiners.push_back(make_bundle(numbered("m", i)));
    opts.proposals.push_back(Proposal{Add{joiners.back().key_package}});
  }
  CommitResult r = m.at(0).commit(opts);
  m.at(0).merge_pending_commit();
  Group last = Group::join(*r.welcome, joiners.back());
  for (int i = 0; i < 20; ++i) last.handle(m.at(0).protect(text("media key update")));

  const Bytes blob = m.at(0).serialize(kKey);
  const Bytes last_blob = last.serialize(kKey);
  std::printf("client state at N=1000: creator %zu bytes, member %zu bytes\n", blob.size(),
              last_blob.size());
  RecordProperty("state_bytes", static_cast<int>(blob.size()));
  EXPECT_LT(blob.size(), 2u * 1024 * 1024);
  EXPECT_LT(last_blob.size(), 2u * 1024 * 1024);

  Group creator = Group::restore(blob, kKey);
  Group member = Group::restore(last_blob, kKey);
  EXPECT_EQ(creator.tree().member_count(), 1000u);
  EXPECT_EQ(to_hex(member.epoch_authenticator()), to_hex(creator.epoch_authenticator()));
  CommitResult update = creator.commit();
  member.handle(update.commit);
  creator.merge_pending_commit();
  EXPECT_EQ(to_hex(member.epoch_authenticator()), to_hex(creator.epoch_authenticator()));
  EXPECT_EQ(application_data(member, creator.protect(text("hi"))), text("hi"));
}

TEST(StateRestore, RestoredTreeKeepsItsHashCache) {
  Meeting m(16);
  m.commit(3);
  Group restored = save_and_restore(m.at(1));
  EXPECT_EQ(restored.tree().hash_computations(), 0u);  // the root came from the cache
  CommitResult update = m.at(5).commit();
  m.at(5).merge_pending_commit();
  restored.handle(update.commit);
  // The committer's leaf and its direct path (5 nodes of 31), not the tree.
  EXPECT_LE(restored.tree().hash_computations(), 5u);
  EXPECT_EQ(to_hex(restored.epoch_authenticator()), to_hex(m.at(5).epoch_authenticator()));

  // A cache whose root is not the GroupContext's tree hash is dropped. The
  // plaintext ends with the 31 cached hashes (1 + 32 bytes each); the
  // root is node 15, with nodes 16..30 after it.
  Bytes plain = open_state(m.at(1).serialize(kKey));
  plain[plain.size() - 15 * 33 - 10] ^= 1;
  Group tampered = Group::restore(seal_state(plain), kKey);
  EXPECT_EQ(tampered.tree().tree_hash(), m.at(1).tree().tree_hash());
  EXPECT_EQ(tampered.tree().hash_computations(), 31u);
}

// ---- the secret tree itself ----

Bytes bytes_of(const crypto::SecretBytes& s) { return Bytes(s.reveal().begin(), s.reveal().end()); }

// Every secret a state holds, as raw bytes.
std::vector<Bytes> secrets_in(const SecretTreeState& s) {
  std::vector<Bytes> out;
  for (const SecretTreeState::Node& n : s.nodes) out.push_back(bytes_of(n.secret));
  for (const SecretTreeState::Leaf& l : s.leaves) {
    for (const HashRatchetState* r : {&l.handshake, &l.application}) {
      out.push_back(bytes_of(r->secret));
      for (const RatchetKey& k : r->retained) {
        out.push_back(bytes_of(k.key));
        out.push_back(bytes_of(k.nonce));
      }
    }
  }
  return out;
}

struct TreeState : ::testing::Test {
  static constexpr uint32_t kLeaves = 8;
  const crypto::SuiteAlgorithms& suite = suite_algorithms(kSuite);
  const Bytes root = crypto::SystemRandom::instance().bytes(32);
  SecretTree live{suite, root, kLeaves};

  // The key of a generation, from a fresh tree.
  RatchetKey expected(uint32_t leaf, RatchetType type, uint32_t generation) const {
    SecretTree fresh(suite, root, kLeaves);
    return *fresh.take_key(leaf, type, generation);
  }
  Expected<SecretTree, std::string_view> changed(
      const std::function<void(SecretTreeState&)>& change) const {
    SecretTreeState s = live.export_state();
    change(s);
    return SecretTree::from_state(suite, kLeaves, std::move(s));
  }
};

TEST_F(TreeState, ExportHoldsNoDeletedSecretAndRestoresExactly) {
  constexpr auto kApp = RatchetType::kApplication;
  std::vector<Bytes> deleted{root};
  for (uint32_t g : {5u, 0u, 2u, 1u, 4u}) {
    auto key = live.take_key(3, kApp, g);
    ASSERT_TRUE(key.has_value());
    deleted.push_back(bytes_of(key->key));
    deleted.push_back(bytes_of(key->nonce));
  }
  auto handshake = live.take_key(3, RatchetType::kHandshake, 0);
  ASSERT_TRUE(handshake.has_value());
  deleted.push_back(bytes_of(handshake->key));

  const std::vector<Bytes> held = secrets_in(live.export_state());
  for (const Bytes& d : deleted) EXPECT_EQ(std::count(held.begin(), held.end(), d), 0);
  const RatchetKey g3 = expected(3, kApp, 3);
  EXPECT_EQ(std::count(held.begin(), held.end(), bytes_of(g3.key)), 1);

  auto restored = SecretTree::from_state(suite, kLeaves, live.export_state());
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->held_node_secrets(), live.held_node_secrets());
  for (uint32_t g : {0u, 1u, 2u, 4u, 5u})
    EXPECT_EQ(restored->take_key(3, kApp, g).error().code(), MessageErrorCode::kKeyAlreadyUsed);
  EXPECT_EQ(restored->take_key(3, RatchetType::kHandshake, 0).error().code(),
            MessageErrorCode::kKeyAlreadyUsed);
  EXPECT_EQ(bytes_of(restored->take_key(3, kApp, 3)->key), bytes_of(g3.key));
  EXPECT_EQ(bytes_of(restored->take_key(3, kApp, 6)->key), bytes_of(expected(3, kApp, 6).key));
  EXPECT_EQ(bytes_of(restored->take_key(6, kApp, 0)->key), bytes_of(expected(6, kApp, 0).key));
  EXPECT_EQ(bytes_of(restored->next_key(0, RatchetType::kHandshake)->key),
            bytes_of(expected(0, RatchetType::kHandshake, 0).key));
}

TEST_F(TreeState, InconsistentStatesAreRefused) {
  ASSERT_TRUE(live.take_key(3, RatchetType::kApplication, 2).has_value());  // keeps g0, g1
  EXPECT_TRUE(changed([](SecretTreeState&) {}).has_value());
  const auto refused = [&](const std::function<void(SecretTreeState&)>& change) {
    auto t = changed(change);
    return !t.has_value() && !t.error().empty();
  };
  // The root secret back next to the derived leaf: leaf 3 covered twice.
  EXPECT_TRUE(refused([&](SecretTreeState& s) {
    auto at = std::find_if(s.nodes.begin(), s.nodes.end(), [](auto& n) { return n.index > 7; });
    s.nodes.insert(at, {7, crypto::SecretBytes(root)});
  }));
  EXPECT_TRUE(refused([](SecretTreeState& s) { s.nodes.erase(s.nodes.begin()); }));
  EXPECT_TRUE(refused([](SecretTreeState& s) { s.nodes.back().index = 15; }));
  EXPECT_TRUE(refused([](SecretTreeState& s) { std::swap(s.nodes.front(), s.nodes.back()); }));
  EXPECT_TRUE(
      refused([](SecretTreeState& s) { s.nodes.front().secret = crypto::SecretBytes(16); }));
  EXPECT_TRUE(refused([](SecretTreeState& s) { s.leaves.front().leaf = kLeaves; }));
  EXPECT_TRUE(refused([](SecretTreeState& s) { s.leaves.push_back(s.leaves.front()); }));
  EXPECT_TRUE(refused([](SecretTreeState& s) {
    HashRatchetState& r = s.leaves.front().application;
    r.retained.front().generation = r.next_generation;
  }));
  EXPECT_TRUE(refused([](SecretTreeState& s) {
    auto& retained = s.leaves.front().application.retained;
    retained.back().generation = retained.front().generation;
  }));
  EXPECT_TRUE(refused([](SecretTreeState& s) { s.options.out_of_order_tolerance = 1; }));
  EXPECT_TRUE(refused(
      [](SecretTreeState& s) { s.leaves.front().handshake.secret = crypto::SecretBytes(31); }));
  EXPECT_FALSE(SecretTree::from_state(suite, 0, SecretTreeState{}).has_value());
}

}  // namespace
}  // namespace zt::mls::testing
