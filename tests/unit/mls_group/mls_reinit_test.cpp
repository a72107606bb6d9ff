// Reinitialization (RFC 9420 sections 11.2, 12.1.5, 12.4.3.1) and
// resumption PSKs (section 8.6): a group moves to another cipher suite, the
// old group shuts down, and joiners check the new group against the old.
#include <gtest/gtest.h>

#include "group_fixture.h"
#include "group_internal.h"

namespace zt::mls::testing {
namespace {

constexpr CipherSuite kNewSuite = 3;  // MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519
const Bytes kNewGroupId{'m', 'e', 'e', 't', '-', 'v', '2'};

Bytes nonce(CipherSuite suite = kSuite) { return Bytes(suite_algorithms(suite).nh, 7); }

// A 3-member meeting (suite 1) that has applied a ReInit to suite 3, and
// each member's KeyPackage for the new group.
struct ReInitFixture {
  Meeting old{3};
  std::vector<KeyPackageBundle> next;
  AppliedCommit applied;

  ReInitFixture() {
    old.commit(0);  // one more epoch, so that an older one is retained
    applied =
        old.commit(1, {Proposal{ReInit{kNewGroupId, ProtocolVersion::kMls10, kNewSuite, {}}}});
    for (size_t i = 0; i < 3; ++i) next.push_back(make_bundle(numbered("m", i), kNewSuite));
  }
  std::vector<KeyPackage> others(size_t creator) const {
    std::vector<KeyPackage> out;
    for (size_t i = 0; i < next.size(); ++i) {
      if (i != creator) out.push_back(next[i].key_package);
    }
    return out;
  }
  // The subgroup spec create_reinit would build, for forging variants.
  SubgroupSpec spec(const Group& g) const {
    const crypto::SecretBytes* psk = GroupAccess::resumption_psk(g, g.epoch());
    return SubgroupSpec{
        kNewGroupId,
        {},
        PreSharedKeyId{ResumptionPsk{ResumptionPskUsage::kReinit, g.group_id(), g.epoch()},
                       nonce(kNewSuite)},
        *psk};
  }
};

void expect_exchange(Group& from, Group& to, const std::string& text) {
  MlsMessage m = from.protect(as_bytes(text));
  auto got = std::get<ReceivedApplication>(to.handle(m));
  EXPECT_EQ(std::string(got.data.begin(), got.data.end()), text);
  EXPECT_EQ(got.sender, from.own_leaf());
}

TEST(MlsReInit, ThreeMembersMoveToAnotherSuiteAndAgree) {
  ReInitFixture f;
  ASSERT_TRUE(f.applied.reinit.has_value());
  EXPECT_EQ(f.applied.reinit->group_id, kNewGroupId);
  EXPECT_EQ(f.applied.reinit->cipher_suite, kNewSuite);
  for (size_t i = 0; i < 3; ++i) {
    ASSERT_TRUE(f.old.at(i).reinit().has_value());
    EXPECT_EQ(f.old.at(i).reinit()->cipher_suite, kNewSuite);
  }
  // Member 2 (not the one that committed the ReInit) recreates the group.
  Group::Subgroup created = Group::create_reinit(f.old.at(2), f.next[2], f.others(2));
  ASSERT_TRUE(created.welcome.has_value());
  std::vector<Group> g;
  g.push_back(Group::join(*created.welcome, f.next[0], f.old.at(0)));
  g.push_back(Group::join(*created.welcome, f.next[1], f.old.at(1)));
  g.push_back(std::move(created.group));
  for (const Group& x : g) {
    EXPECT_EQ(x.group_id(), kNewGroupId);
    EXPECT_EQ(x.cipher_suite(), kNewSuite);
    EXPECT_EQ(x.epoch(), 1u);
    EXPECT_EQ(to_hex(x.epoch_authenticator()), to_hex(g[2].epoch_authenticator()));
    EXPECT_TRUE(x.export_secret("sframe", {}, 16) == g[2].export_secret("sframe", {}, 16));
  }
  EXPECT_NE(to_hex(g[0].epoch_authenticator()), to_hex(f.old.at(0).epoch_authenticator()));
  expect_exchange(g[0], g[1], "from m0");
  expect_exchange(g[1], g[2], "from m1");
  expect_exchange(g[2], g[0], "from m2");
  // The new group goes on like any other.
  CommitResult c = g[0].commit();
  g[0].merge_pending_commit();
  g[1].handle(c.commit);
  g[2].handle(c.commit);
  EXPECT_EQ(to_hex(g[1].epoch_authenticator()), to_hex(g[0].epoch_authenticator()));
}

TEST(MlsReInit, OldGroupRefusesEverythingButItsSecrets) {
  ReInitFixture f;
  Group& old = f.old.at(0);
  const uint64_t epoch = old.epoch();
  EXPECT_THROW(old.protect(Bytes{1}), ProtocolError);
  EXPECT_THROW(old.commit(), ProtocolError);
  EXPECT_THROW(old.propose_remove(1), ProtocolError);
  EXPECT_THROW(old.propose_update(), ProtocolError);
  EXPECT_THROW(old.group_info(), ProtocolError);
  try {
    old.protect(Bytes{1});
  } catch (const ProtocolError& e) {
    EXPECT_NE(std::string(e.what()).find("reinitialized"), std::string::npos);
  }
  // Nothing sent to it is processed either.
  Meeting other(2);
  EXPECT_THROW(old.handle(other.at(1).protect(Bytes{2})), ProtocolError);
  EXPECT_EQ(old.epoch(), epoch);
  // Media in flight still decrypts: the exporter stays.
  EXPECT_EQ(old.export_secret("sframe", {}, 16).size(), 16u);
}

TEST(MlsReInit, CreatorMustKeepEveryMemberAndTheReInitSuite) {
  ReInitFixture f;
  std::vector<KeyPackage> one{f.next[1].key_package};
  EXPECT_THROW(Group::create_reinit(f.old.at(0), f.next[0], one), ProtocolError);
  EXPECT_THROW(Group::create_reinit(f.old.at(0), make_bundle("m0"), f.others(0)), ProtocolError);
  std::vector<KeyPackage> stranger = f.others(0);
  stranger.push_back(make_bundle("stranger", kNewSuite).key_package);
  EXPECT_THROW(Group::create_reinit(f.old.at(0), f.next[0], stranger), ProtocolError);
  Meeting plain(2);
  EXPECT_THROW(Group::create_reinit(plain.at(0), f.next[0], {f.next[1].key_package}),
               ProtocolError);
}

TEST(MlsReInit, WelcomeWithAWrongResumptionPskIsRefused) {
  ReInitFixture f;
  const Group& creator = f.old.at(2);
  SubgroupOptions opts;
  auto forged = [&](SubgroupSpec spec) {
    return GroupAccess::create_subgroup(std::move(spec), f.next[2], f.others(2), opts,
                                        crypto::SystemRandom::instance());
  };
  // The epoch before the ReInit commit (still retained): not the ReInit's.
  SubgroupSpec early = f.spec(creator);
  auto& early_id = std::get<ResumptionPsk>(early.psk.psk);
  early_id.psk_epoch = creator.epoch() - 1;
  early.psk_secret = *GroupAccess::resumption_psk(creator, early_id.psk_epoch);
  Group::Subgroup s1 = forged(std::move(early));
  EXPECT_THROW(Group::join(*s1.welcome, f.next[0], f.old.at(0)), ProtocolError);
  // An epoch the joiner does not hold.
  SubgroupSpec future = f.spec(creator);
  std::get<ResumptionPsk>(future.psk.psk).psk_epoch = creator.epoch() + 5;
  Group::Subgroup s2 = forged(std::move(future));
  EXPECT_THROW(Group::join(*s2.welcome, f.next[0], f.old.at(0)), JoinError);
  // Another group's id.
  SubgroupSpec other = f.spec(creator);
  std::get<ResumptionPsk>(other.psk.psk).psk_group_id = Bytes{'x'};
  Group::Subgroup s3 = forged(std::move(other));
  EXPECT_THROW(Group::join(*s3.welcome, f.next[0], f.old.at(0)), JoinError);
  // Usage branch where the suite changed.
  SubgroupSpec branch = f.spec(creator);
  std::get<ResumptionPsk>(branch.psk.psk).usage = ResumptionPskUsage::kBranch;
  Group::Subgroup s4 = forged(std::move(branch));
  EXPECT_THROW(Group::join(*s4.welcome, f.next[0], f.old.at(0)), ProtocolError);
  // Without the old group the PSK is not available at all.
  Group::Subgroup good = Group::create_reinit(creator, f.next[2], f.others(2));
  EXPECT_THROW(Group::join(*good.welcome, f.next[0]), JoinError);
  EXPECT_NO_THROW(Group::join(*good.welcome, f.next[0], f.old.at(0)));
}

TEST(MlsReInit, NewGroupMustMatchTheReInit) {
  ReInitFixture f;
  const Group& creator = f.old.at(2);
  auto forged = [&](SubgroupSpec spec, std::vector<KeyPackage> members) {
    return GroupAccess::create_subgroup(std::move(spec), f.next[2], std::move(members), {},
                                        crypto::SystemRandom::instance());
  };
  SubgroupSpec renamed = f.spec(creator);
  renamed.group_id = Bytes{'o', 't', 'h', 'e', 'r'};
  Group::Subgroup s1 = forged(std::move(renamed), f.others(2));
  EXPECT_THROW(Group::join(*s1.welcome, f.next[0], f.old.at(0)), ProtocolError);
  // Member 1 left out: member 0 refuses the new group.
  Group::Subgroup s2 = forged(f.spec(creator), {f.next[0].key_package});
  EXPECT_THROW(Group::join(*s2.welcome, f.next[0], f.old.at(0)), ProtocolError);
}

TEST(MlsReInit, MemberThatDidNotApplyTheReInitRefusesTheWelcome) {
  // Member 2 has not processed the ReInit commit: it holds the PSK of the
  // epoch before, but no ReInit commit started that epoch for it.
  Meeting m(3);
  CommitOptions o;
  o.proposals.push_back(Proposal{ReInit{kNewGroupId, ProtocolVersion::kMls10, kNewSuite, {}}});
  CommitResult r = m.at(1).commit(o);
  m.at(0).handle(r.commit);
  m.at(1).merge_pending_commit();
  const uint64_t before = m.at(2).epoch();
  SubgroupSpec spec{
      kNewGroupId,
      {},
      PreSharedKeyId{ResumptionPsk{ResumptionPskUsage::kReinit, m.at(2).group_id(), before},
                     nonce(kNewSuite)},
      *GroupAccess::resumption_psk(m.at(1), before)};
  KeyPackageBundle m0 = make_bundle("m0", kNewSuite);
  KeyPackageBundle m2 = make_bundle("m2", kNewSuite);
  Group::Subgroup s = GroupAccess::create_subgroup(std::move(spec), make_bundle("m1", kNewSuite),
                                                   {m0.key_package, m2.key_package}, {},
                                                   crypto::SystemRandom::instance());
  EXPECT_THROW(Group::join(*s.welcome, m2, m.at(2)), ProtocolError);
  EXPECT_FALSE(m.at(2).reinit().has_value());
}

TEST(MlsReInit, ResumptionPskProposals) {
  Meeting m(3);
  m.commit(0);
  m.commit(1);
  const Bytes gid = m.at(0).group_id();
  const uint64_t now = m.at(0).epoch();
  // Usage application, of a retained past epoch and of the current one.
  m.commit(2, {Proposal{PreSharedKey{
                  {ResumptionPsk{ResumptionPskUsage::kApplication, gid, now - 1}, nonce()}}}});
  m.expect_agreement();
  m.commit(0,
           {Proposal{PreSharedKey{
               {ResumptionPsk{ResumptionPskUsage::kApplication, gid, m.at(0).epoch()}, nonce()}}}});
  m.expect_agreement();
  // Usage reinit or branch is only valid in a ReInit / branch.
  for (ResumptionPskUsage usage : {ResumptionPskUsage::kReinit, ResumptionPskUsage::kBranch}) {
    CommitOptions o;
    o.proposals.push_back(
        Proposal{PreSharedKey{{ResumptionPsk{usage, gid, m.at(0).epoch()}, nonce()}}});
    EXPECT_THROW(m.at(0).commit(o), ProtocolError);
    // The same proposal sent by another member cannot be committed either.
    m.at(0).handle(m.at(1).propose(o.proposals.front()));
    EXPECT_THROW(m.at(0).commit(), ProtocolError);
    EXPECT_FALSE(m.at(0).has_pending_commit());
  }
  // A nonce that is not KDF.Nh bytes, an epoch no longer retained, another group.
  std::vector<Proposal> bad{
      Proposal{PreSharedKey{{ResumptionPsk{ResumptionPskUsage::kApplication, gid, 1}, Bytes(5)}}},
      Proposal{PreSharedKey{{ResumptionPsk{ResumptionPskUsage::kApplication, gid, 0}, nonce()}}},
      Proposal{
          PreSharedKey{{ResumptionPsk{ResumptionPskUsage::kApplication, Bytes{'x'}, 1}, nonce()}}}};
  for (const Proposal& p : bad) {
    CommitOptions o;
    o.include_pending = false;
    o.proposals.push_back(p);
    EXPECT_THROW(m.at(2).commit(o), ProtocolError);
  }
}

}  // namespace
}  // namespace zt::mls::testing
