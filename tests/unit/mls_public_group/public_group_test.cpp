// The public view follows real member groups: every commit kind (adds,
// removes, updates by reference, extensions, external joins and resync,
// Delivery-Service proposals), started from the creator's epoch-0
// GroupInfo or, as a new DS instance, from a later GroupInfo and tree.
#include <gtest/gtest.h>

#include "ds_meeting.h"
#include "zt/mls/message_protection.h"

namespace zt::mls::testing {
namespace {

TEST(PublicGroup, CreatedFromTheFirstGroupInfoFollowsEveryCommitKind) {
  DsMeeting m(5);
  m.expect_view_matches();
  EXPECT_EQ(m.ds->members(), (std::vector<uint32_t>{0, 1, 2, 3, 4}));

  PublicCommit c = m.commit(1);  // an empty commit with a path
  EXPECT_EQ(c.committer, 1u);
  EXPECT_FALSE(c.external);
  m.expect_view_matches();

  c = m.commit(3, {Proposal{Remove{2}}});
  EXPECT_EQ(c.removed, (std::vector<uint32_t>{2}));
  m.expect_view_matches();

  m.propose(m.at(4).propose_update());
  EXPECT_EQ(m.ds->pending_proposal_count(), 1u);
  m.commit(0);  // commits the Update by reference
  EXPECT_EQ(m.ds->pending_proposal_count(), 0u);
  m.expect_view_matches();

  c = m.commit(1, {}, {make_bundle("late1"), make_bundle("late2")});
  EXPECT_EQ(c.added.size(), 2u);
  m.expect_view_matches();

  Extensions ext{{kExtensionApplicationId, encode(ApplicationId{Bytes{'z', 't'}})}};
  m.commit(4, {Proposal{GroupContextExtensions{ext}}});
  m.expect_view_matches();
  EXPECT_TRUE(m.ds->context().extensions == ext);

  c = m.join_external(make_bundle("outside"));
  EXPECT_TRUE(c.external);
  m.expect_view_matches();
  // Resync: the external joiner rejoins with new keys, removing its old leaf.
  c = m.join_external(make_bundle("outside"), c.committer);
  EXPECT_EQ(c.removed.size(), 1u);
  m.expect_view_matches();
  m.meeting.expect_agreement();
}

TEST(PublicGroup, NewInstanceFromGroupInfoAndTreeMatchesAndFollows) {
  DsMeeting m(4);
  m.commit(2, {Proposal{Remove{1}}});
  // A second DS replica starts from a member's GroupInfo without the tree
  // extension plus the tree, then both follow the next commit.
  PublicGroup replica =
      PublicGroup::from_group_info(m.at(3).group_info(false), m.at(3).tree().to_wire());
  EXPECT_TRUE(ViewSnapshot(replica).context == ViewSnapshot(*m.ds).context);
  EXPECT_EQ(replica.interim_transcript_hash(), m.ds->interim_transcript_hash());
  EXPECT_EQ(replica.confirmation_tag(), m.ds->confirmation_tag());
  EXPECT_TRUE(replica.tree().to_wire() == m.ds->tree().to_wire());

  CommitResult r = m.at(0).commit();
  m.at(0).merge_pending_commit();
  replica.handle(r.commit);
  m.ds->handle(r.commit);
  for (uint32_t i : {2u, 3u}) m.at(i).handle(r.commit);
  EXPECT_TRUE(replica.context() == m.at(2).context());
  EXPECT_TRUE(replica.tree().to_wire() == m.at(3).tree().to_wire());
  m.expect_view_matches();
}

TEST(PublicGroup, GroupInfoContentsAndPublishing) {
  DsMeeting m(3);
  CommitResult r = m.at(1).commit();
  m.at(1).merge_pending_commit();
  m.ds->handle(r.commit);  // a commit alone: nothing published for the new epoch yet
  EXPECT_FALSE(m.ds->published_group_info().has_value());
  for (uint32_t i : {0u, 2u}) m.at(i).handle(r.commit);

  MlsMessage info = m.at(2).group_info(true);
  const GroupInfo& gi = std::get<GroupInfo>(info.message);
  PublicGroupInfo own = m.ds->group_info_contents();
  EXPECT_TRUE(own.group_context == gi.group_context);
  EXPECT_EQ(own.confirmation_tag, gi.confirmation_tag);
  EXPECT_TRUE(own.ratchet_tree == *find_extension(gi.extensions, kExtensionRatchetTree));

  m.ds->publish_group_info(info);  // any member's GroupInfo of the epoch
  ASSERT_TRUE(m.ds->published_group_info().has_value());
  EXPECT_TRUE(*m.ds->published_group_info() == info);
  m.join_external(make_bundle("guest"));
  m.expect_view_matches();
}

TEST(PublicGroup, DeliveryServiceProposalsFromExternalSenders) {
  const ExternalSigner ds_signer;
  DsMeeting m(3, ds_signer.extensions());
  KeyPackageBundle joiner = make_bundle("batched");
  m.propose(ds_signer.propose(*m.ds, Proposal{Add{joiner.key_package}}));
  m.propose(ds_signer.propose(*m.ds, Proposal{Remove{2}}));
  EXPECT_EQ(m.ds->pending_proposal_count(), 2u);
  // The designated committer commits both by reference.
  CommitResult r = m.at(1).commit();
  m.at(1).merge_pending_commit();
  PublicCommit c = m.ds->handle_commit(r.commit, m.at(1).group_info(false));
  EXPECT_EQ(c.added.size(), 1u);
  EXPECT_EQ(c.removed, (std::vector<uint32_t>{2}));
  m.at(0).handle(r.commit);
  m.meeting.members[2].reset();
  m.meeting.add_joined(Group::join(*r.welcome, joiner));
  m.expect_view_matches();
}

TEST(PublicGroup, NewMemberProposesItsOwnAdd) {
  DsMeeting m(2);
  KeyPackageBundle joiner = make_bundle("knocking");
  const crypto::SuiteAlgorithms& su = suite_algorithms(kSuite);
  auto from_joiner = [&](Proposal p) {
    FramedContent fc{m.ds->group_id(),
                     m.ds->epoch(),
                     Sender{NewMemberProposalSender{}},
                     {},
                     Content{std::move(p)}};
    AuthenticatedContent content = sign_framed_content(
        su, joiner.signature_private_key.reveal(), WireFormat::kPublicMessage, fc, m.ds->context());
    return MlsMessage{ProtocolVersion::kMls10, *protect_public(su, content, m.ds->context(), {})};
  };
  EXPECT_EQ(refused_with(PublicRejection::kSenderNotAllowed,
                         [&] { m.ds->handle(from_joiner(Proposal{Remove{1}})); }),
            "");
  m.propose(from_joiner(Proposal{Add{joiner.key_package}}));
  CommitResult r = m.at(0).commit();
  m.at(0).merge_pending_commit();
  EXPECT_EQ(m.ds->handle_commit(r.commit, m.at(0).group_info(true)).added.size(), 1u);
  m.at(1).handle(r.commit);
  m.meeting.add_joined(Group::join(*r.welcome, joiner));
  m.expect_view_matches();
}

}  // namespace
}  // namespace zt::mls::testing
