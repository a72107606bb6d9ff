// External commits that resync (remove the joiner's old leaf, RFC 9420
// section 12.2) or inject external PSKs.
#include <gtest/gtest.h>

#include <chrono>

#include "group_fixture.h"
#include "group_internal.h"
#include "zt/crypto/x509_issuer.h"

namespace zt::mls::testing {
namespace {

TEST(MlsRejoin, ResyncOfAnotherIdentitysLeafIsRefused) {
  Meeting m(3);
  MlsMessage info = m.at(0).group_info(true);
  // The joiner's own client refuses to build it.
  EXPECT_THROW(Group::join_external(info, make_bundle("intruder"), std::nullopt, {}, 2),
               ProtocolError);
  // Built anyway (a malicious client): every member refuses it, including
  // the member whose leaf it removes, and nothing changes.
  ExternalJoinParams params;
  params.resync_remove = 2;
  Group::ExternalJoin forged = GroupAccess::build_external_commit(
      info, make_bundle("intruder"), std::move(params), crypto::SystemRandom::instance());
  const uint64_t epoch = m.at(0).epoch();
  for (uint32_t i = 0; i < 3; ++i) {
    try {
      m.at(i).handle(forged.commit);
      ADD_FAILURE() << "member " << i << " accepted the resync";
    } catch (const ProtocolError& e) {
      EXPECT_NE(std::string(e.what()).find("another member"), std::string::npos) << e.what();
    }
    EXPECT_EQ(m.at(i).epoch(), epoch);
  }
  m.commit(1);
  m.expect_agreement();
}

TEST(MlsRejoin, ResyncWithTheSameIdentityIsAccepted) {
  Meeting m(3);
  ExternalJoinParams params;
  params.resync_remove = 2;
  Group::ExternalJoin again =
      Group::join_external(m.at(0).group_info(true), make_bundle("m2"), std::move(params));
  for (uint32_t i = 0; i < 2; ++i) m.at(i).handle(again.commit);
  EXPECT_TRUE(std::get<AppliedCommit>(m.at(2).handle(again.commit)).removed_self);
  m.members[2].reset();
  m.add_joined(std::move(again.group));
  m.expect_agreement();
  EXPECT_EQ(m.active(), 3u);
}

TEST(MlsRejoin, ExternalJoinWithPsks) {
  Meeting m(3);
  const Bytes psk_id{'e', 'x', 't'};
  const crypto::SecretBytes psk(Bytes(32, 0x42));
  for (uint32_t i = 0; i < 2; ++i) m.at(i).add_external_psk(psk_id, psk);
  ExternalJoinParams params;
  params.psks.push_back({psk_id, psk});
  Group::ExternalJoin joined =
      Group::join_external(m.at(0).group_info(true), make_bundle("late"), std::move(params));
  // Member 2 lacks the PSK: it cannot follow and stays where it was.
  const uint64_t epoch = m.at(2).epoch();
  EXPECT_THROW(m.at(2).handle(joined.commit), ProtocolError);
  EXPECT_EQ(m.at(2).epoch(), epoch);
  m.members[2].reset();
  for (uint32_t i = 0; i < 2; ++i) m.at(i).handle(joined.commit);
  m.add_joined(std::move(joined.group));
  m.expect_agreement();
  // A wrong secret under the same id gives another key schedule.
  Meeting other(2);
  other.at(0).add_external_psk(psk_id, crypto::SecretBytes(Bytes(32, 0x43)));
  ExternalJoinParams p2;
  p2.psks.push_back({psk_id, psk});
  Group::ExternalJoin j2 =
      Group::join_external(other.at(1).group_info(true), make_bundle("late"), std::move(p2));
  EXPECT_THROW(other.at(0).handle(j2.commit), ProtocolError);
}

// A self-signed certificate for `name` under a fresh key.
Credential x509(const std::string& name) {
  const auto now = std::chrono::system_clock::now();
  crypto::CaProfile profile{name, "zt", now - std::chrono::hours(1), now + std::chrono::hours(24)};
  std::string pem = crypto::create_root_ca(crypto::generate_x509_private_key(), profile);
  return Credential{X509Credential{{Certificate{pem_to_der(pem)}}}};
}

TEST(MlsRejoin, SameMemberRule) {
  Credential bob1 = x509("bob");
  Credential bob2 = x509("bob");  // renewed: new key and serial, same subject
  ASSERT_FALSE(bob1 == bob2);
  EXPECT_TRUE(same_member(bob1, bob2));
  EXPECT_FALSE(same_member(bob1, x509("carol")));
  Credential basic_bob{BasicCredential{Bytes{'b', 'o', 'b'}}};
  EXPECT_FALSE(same_member(bob1, basic_bob));
  EXPECT_TRUE(same_member(basic_bob, Credential{BasicCredential{Bytes{'b', 'o', 'b'}}}));
  EXPECT_FALSE(same_member(basic_bob, Credential{BasicCredential{Bytes{'b', 'o'}}}));
  // Garbage certificates match nothing.
  Credential junk{X509Credential{{Certificate{Bytes{1, 2, 3}}}}};
  Credential junk2{X509Credential{{Certificate{Bytes{1, 2, 4}}}}};
  EXPECT_FALSE(same_member(junk, junk2));
}

}  // namespace
}  // namespace zt::mls::testing
