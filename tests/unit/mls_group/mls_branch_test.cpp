// Subgroup branching (RFC 9420 section 11.3): a new group from some of the
// members of an old one, linked by a resumption PSK of usage branch.
#include <gtest/gtest.h>

#include "group_fixture.h"
#include "group_internal.h"

namespace zt::mls::testing {
namespace {

const Bytes kBranchId{'s', 'i', 'd', 'e'};

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

TEST(MlsBranch, TwoOfFourMembersBranchAndTalk) {
  Meeting m(4);
  KeyPackageBundle b1 = make_bundle("m1");
  KeyPackageBundle b3 = make_bundle("m3");
  Group::Subgroup s = Group::create_branch(m.at(1), kBranchId, b1, {b3.key_package});
  ASSERT_TRUE(s.welcome.has_value());
  Group joined = Group::join(*s.welcome, b3, m.at(3));
  EXPECT_EQ(joined.group_id(), kBranchId);
  EXPECT_EQ(joined.epoch(), 1u);
  EXPECT_EQ(joined.roster().size(), 2u);
  EXPECT_EQ(to_hex(joined.epoch_authenticator()), to_hex(s.group.epoch_authenticator()));
  MlsMessage hi = joined.protect(text("branch only"));
  EXPECT_EQ(std::get<ReceivedApplication>(s.group.handle(hi)).data, text("branch only"));
  MlsMessage back = s.group.protect(text("reply"));
  EXPECT_EQ(std::get<ReceivedApplication>(joined.handle(back)).data, text("reply"));
  // The old group goes on unaffected, and does not read the branch.
  EXPECT_THROW(m.at(0).handle(joined.protect(Bytes{1})), WrongGroup);
  m.commit(2);
  m.expect_agreement();
}

TEST(MlsBranch, JoinAfterTheOldGroupMovedOnWithinRetention) {
  Meeting m(3);
  KeyPackageBundle b0 = make_bundle("m0");
  KeyPackageBundle b2 = make_bundle("m2");
  Group::Subgroup s = Group::create_branch(m.at(0), kBranchId, b0, {b2.key_package});
  m.commit(1);  // the branch's PSK epoch is now a retained one
  Group joined = Group::join(*s.welcome, b2, m.at(2));
  EXPECT_EQ(to_hex(joined.epoch_authenticator()), to_hex(s.group.epoch_authenticator()));
  // Once that epoch is no longer retained (3 epochs by default), the PSK
  // is gone.
  KeyPackageBundle b2_late = make_bundle("m2");
  Group::Subgroup late =
      Group::create_branch(m.at(0), kBranchId, make_bundle("m0"), {b2_late.key_package});
  for (int i = 0; i < 4; ++i) m.commit(1);
  EXPECT_THROW(Group::join(*late.welcome, b2_late, m.at(2)), JoinError);
}

TEST(MlsBranch, NonMemberCannotBeInTheBranch) {
  Meeting m(4);
  KeyPackageBundle b0 = make_bundle("m0");
  KeyPackageBundle outsider = make_bundle("outsider");
  KeyPackageBundle b1 = make_bundle("m1");
  // The creator refuses a KeyPackage of a non-member.
  EXPECT_THROW(Group::create_branch(m.at(0), kBranchId, b0, {outsider.key_package}), ProtocolError);
  // A branch forged to include one: members refuse to join it.
  const Group& old = m.at(0);
  SubgroupSpec spec{
      kBranchId,
      {},
      PreSharedKeyId{ResumptionPsk{ResumptionPskUsage::kBranch, old.group_id(), old.epoch()},
                     Bytes(32, 3)},
      *GroupAccess::resumption_psk(old, old.epoch())};
  Group::Subgroup forged =
      GroupAccess::create_subgroup(std::move(spec), b0, {b1.key_package, outsider.key_package}, {},
                                   crypto::SystemRandom::instance());
  EXPECT_THROW(Group::join(*forged.welcome, b1, m.at(1)), ProtocolError);
  // The outsider holds no PSK of the old group. Its own group has the same
  // group id and epoch but other secrets: the GroupInfo does not decrypt.
  Meeting elsewhere(2);
  ASSERT_EQ(elsewhere.at(0).epoch(), old.epoch());
  EXPECT_THROW(Group::join(*forged.welcome, outsider, elsewhere.at(0)), ProtocolError);
  EXPECT_THROW(Group::join(*forged.welcome, outsider), JoinError);
}

TEST(MlsBranch, BranchKeepsTheSuiteAndNeedsAnActiveGroup) {
  Meeting m(2);
  EXPECT_THROW(Group::create_branch(m.at(0), kBranchId, make_bundle("m0", 3),
                                    {make_bundle("m1", 3).key_package}),
               ProtocolError);
  // A member that was removed cannot branch from its old state.
  CommitOptions remove;
  remove.proposals.push_back(Proposal{Remove{1}});
  CommitResult r = m.at(0).commit(remove);
  EXPECT_TRUE(std::get<AppliedCommit>(m.at(1).handle(r.commit)).removed_self);
  EXPECT_THROW(Group::create_branch(m.at(1), kBranchId, make_bundle("m1"), {}), ProtocolError);
  // A branch of one: no Welcome, epoch 1.
  m.at(0).merge_pending_commit();
  Group::Subgroup alone = Group::create_branch(m.at(0), kBranchId, make_bundle("m0"), {});
  EXPECT_FALSE(alone.welcome.has_value());
  EXPECT_EQ(alone.group.epoch(), 1u);
}

}  // namespace
}  // namespace zt::mls::testing
