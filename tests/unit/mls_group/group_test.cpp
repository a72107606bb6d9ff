// Basic life of a group: create, add by Welcome, application messages,
// exporter and its retention, security code, proposals by reference,
// PrivateMessage handshakes, client state round trip.
#include <gtest/gtest.h>

#include "group_fixture.h"
#include "zt/mls/security_code.h"

namespace zt::mls::testing {
namespace {

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

TEST(Group, ThreeMembersAgreeAndExchangeMessages) {
  Meeting m(3);
  EXPECT_EQ(m.at(0).epoch(), 1u);
  m.expect_agreement();
  MlsMessage msg = m.at(1).protect(text("hello"), text("ad"));
  for (uint32_t i : {0u, 2u}) {
    auto got = std::get<ReceivedApplication>(m.at(i).handle(msg));
    EXPECT_EQ(got.sender, 1u);
    EXPECT_EQ(got.data, text("hello"));
    EXPECT_EQ(got.authenticated_data, text("ad"));
  }
  EXPECT_EQ(m.at(2).roster().size(), 3u);
}

TEST(Group, SecurityCodeIsSixGroupsOfFive) {
  Bytes auth(32, 0);
  auth[4] = 0x01;  // group 0 = 1
  auth[5] = 0xff;
  auth[6] = 0xff;
  auth[7] = 0xff;  // group 1 = 0xffffff0000 mod 1e5
  auth[8] = 0x00;
  auth[9] = 0x00;
  std::string code = security_code(auth);
  EXPECT_EQ(code.size(), 35u);
  EXPECT_EQ(code.substr(0, 6), "00001 ");
  EXPECT_EQ(code.substr(6, 6), "62240 ");  // 0xffffff0000 mod 100000
  EXPECT_EQ(code.substr(12), "00000 00000 00000 00000");
  EXPECT_THROW(security_code(Bytes(29, 0)), std::invalid_argument);

  Meeting m(2);
  std::string before = security_code(m.at(0).epoch_authenticator());
  EXPECT_EQ(before, security_code(m.at(1).epoch_authenticator()));
  m.commit(1);
  EXPECT_NE(before, security_code(m.at(0).epoch_authenticator()));
  EXPECT_EQ(security_code(m.at(0).epoch_authenticator()),
            security_code(m.at(1).epoch_authenticator()));
}

TEST(Group, ExporterOfPastEpochsIsRetained) {
  GroupOptions opts;
  opts.retained_epochs = 2;
  Meeting m(2, opts);
  const uint64_t e1 = m.at(0).epoch();
  crypto::SecretBytes k1 = m.at(0).export_secret("sframe", {}, 16);
  m.commit(0);
  m.commit(1);
  EXPECT_TRUE(m.at(1).export_secret(e1, "sframe", {}, 16) == k1);
  EXPECT_FALSE(m.at(1).export_secret("sframe", {}, 16) == k1);
  m.commit(0);
  EXPECT_THROW(m.at(1).export_secret(e1, "sframe", {}, 16), EpochMismatch);
}

TEST(Group, ProposalsByReferenceAndUpdate) {
  Meeting m(4);
  MlsMessage remove = m.at(1).propose_remove(3);
  MlsMessage update = m.at(2).propose_update();
  for (uint32_t i : {0u, 2u, 3u})
    EXPECT_TRUE(std::holds_alternative<ReceivedProposal>(m.at(i).handle(remove)));
  for (uint32_t i : {0u, 1u, 3u})
    EXPECT_TRUE(std::holds_alternative<ReceivedProposal>(m.at(i).handle(update)));
  AppliedCommit c = m.commit(0);
  EXPECT_EQ(c.removed, std::vector<uint32_t>{3});
  EXPECT_EQ(m.active(), 3u);
  m.expect_agreement();
  MlsMessage msg = m.at(2).protect(text("after update"));
  EXPECT_EQ(std::get<ReceivedApplication>(m.at(0).handle(msg)).data, text("after update"));
}

TEST(Group, HandshakesAsPrivateMessages) {
  GroupOptions opts;
  opts.handshake_wire_format = WireFormat::kPrivateMessage;
  Meeting m(3, opts);
  MlsMessage p = m.at(1).propose_remove(2);
  EXPECT_EQ(p.wire_format(), WireFormat::kPrivateMessage);
  m.at(0).handle(p);
  m.at(2).handle(p);
  m.commit(0);
  EXPECT_EQ(m.active(), 2u);
  m.expect_agreement();
}

TEST(Group, RemovedMemberBecomesInactive) {
  Meeting m(3);
  CommitOptions opts;
  opts.proposals.push_back(Proposal{Remove{2}});
  CommitResult r = m.at(0).commit(opts);
  m.at(1).handle(r.commit);
  AppliedCommit seen = std::get<AppliedCommit>(m.at(2).handle(r.commit));
  EXPECT_TRUE(seen.removed_self);
  EXPECT_THROW(m.at(2).protect(text("x")), ProtocolError);
}

TEST(Group, ClientStateRoundTrip) {
  Meeting m(3);
  const Bytes key(32, 7);
  Bytes saved = m.at(1).serialize(key);
  EXPECT_THROW(Group::restore(saved, Bytes(32, 8)), StateError);
  Bytes tampered = saved;
  tampered[20] ^= 1;
  EXPECT_THROW(Group::restore(tampered, key), StateError);
  Group restored = Group::restore(saved, key);
  EXPECT_EQ(to_hex(restored.epoch_authenticator()), to_hex(m.at(1).epoch_authenticator()));
  m.members[1] = std::make_unique<Group>(std::move(restored));
  m.commit(2);
  m.commit(1, {}, {make_bundle("late")});
  m.expect_agreement();
  MlsMessage msg = m.at(1).protect(text("restored"));
  EXPECT_EQ(std::get<ReceivedApplication>(m.at(3).handle(msg)).data, text("restored"));
}

TEST(Group, ClientStateOfOneThousandMembersIsSmall) {
  Meeting m(1);
  std::vector<KeyPackageBundle> joiners;
  for (int i = 1; i < 1000; ++i) joiners.push_back(make_bundle(numbered("m", i)));
  CommitOptions opts;
  for (const auto& j : joiners) opts.proposals.push_back(Proposal{Add{j.key_package}});
  m.at(0).commit(opts);
  m.at(0).merge_pending_commit();
  Bytes saved = m.at(0).serialize(Bytes(32, 1));
  EXPECT_LT(saved.size(), 2u * 1024 * 1024);
  EXPECT_EQ(m.at(0).tree().member_count(), 1000u);
}

TEST(Group, GroupContextExtensionsPskAndReInit) {
  Meeting m(3);
  // GroupContextExtensions by value: everyone sees the new extensions.
  ExternalSenders senders{{Bytes(32, 5), Credential{BasicCredential{Bytes{'d', 's'}}}}};
  Extensions ext{{kExtensionExternalSenders, encode(senders)}};
  m.commit(1, {Proposal{GroupContextExtensions{ext}}});
  m.expect_agreement();
  for (uint32_t i = 0; i < 3; ++i) EXPECT_EQ(m.at(i).context().extensions, ext);

  // An external PSK that every member holds is folded into the key schedule.
  for (uint32_t i = 0; i < 3; ++i)
    m.at(i).add_external_psk(Bytes{'p', 's', 'k'}, crypto::SecretBytes(Bytes(32, 9)));
  PreSharedKeyId id{ExternalPsk{Bytes{'p', 's', 'k'}}, Bytes(32, 1)};
  m.commit(2, {Proposal{PreSharedKey{id}}});
  m.expect_agreement();
  // A member without the PSK cannot follow (and is left unchanged).
  Meeting other(2);
  other.at(0).add_external_psk(Bytes{'p', 's', 'k'}, crypto::SecretBytes(Bytes(32, 9)));
  CommitOptions with_psk;
  with_psk.proposals.push_back(Proposal{PreSharedKey{id}});
  CommitResult r = other.at(0).commit(with_psk);
  const uint64_t before = other.at(1).epoch();
  EXPECT_THROW(other.at(1).handle(r.commit), ProtocolError);
  EXPECT_EQ(other.at(1).epoch(), before);

  // ReInit alone is a valid commit; the summary says so.
  AppliedCommit c =
      m.commit(0, {Proposal{ReInit{Bytes{'n', 'e', 'w'}, ProtocolVersion::kMls10, kSuite, {}}}});
  EXPECT_TRUE(c.reinit);
}

TEST(Group, UnknownSenderLeafAndWrongGroupAreRefused) {
  Meeting a(2);
  Meeting b(2);
  MlsMessage from_b = b.at(1).protect(Bytes{1});
  // Same group id, other group: the sender data does not decrypt.
  EXPECT_THROW(a.at(0).handle(from_b), MessageRejected);
  MlsMessage info = a.at(0).group_info(true);
  EXPECT_THROW(a.at(1).handle(info), ProtocolError);
}

}  // namespace
}  // namespace zt::mls::testing
