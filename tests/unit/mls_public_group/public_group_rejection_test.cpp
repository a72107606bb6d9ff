// Messages the public view must refuse, one test per rule family, each
// with a typed reason and the view exactly as it was; the genuine message
// still applies afterwards. Forged commits are signed again with the
// member's real key, so they pass every check but the one under test.
#include <gtest/gtest.h>

#include "ds_meeting.h"
#include "group_internal.h"
#include "zt/crypto/signature.h"
#include "zt/mls/leaf_node_signature.h"
#include "zt/mls/message_protection.h"

namespace zt::mls::testing {
namespace {

using R = PublicRejection;

Commit& commit_of(FramedContent& fc) { return std::get<Commit>(fc.content); }

// Expects `f` to be refused with `reason` and the view unchanged.
void expect_refused(const PublicGroup& ds, R reason, const std::function<void()>& f) {
  const ViewSnapshot before(ds);
  EXPECT_EQ(refused_with(reason, f), "") << "expected " << to_string(reason);
  EXPECT_TRUE(ViewSnapshot(ds) == before);
}

struct Forge {
  DsMeeting m{4};
  uint32_t committer = 1;
  CommitResult genuine = m.at(committer).commit();

  MlsMessage edited(const std::function<void(FramedContent&)>& edit) {
    return resign(genuine.commit, m.keys[committer].signature_private_key.reveal(), m.ds->context(),
                  edit);
  }
  void refused(R reason, const MlsMessage& commit) {
    expect_refused(*m.ds, reason, [&] { m.ds->handle(commit); });
  }
  // The genuine commit is still accepted and the members agree with the view.
  void genuine_applies() {
    m.at(committer).merge_pending_commit();
    m.ds->handle_commit(genuine.commit, m.at(committer).group_info(false));
    for (uint32_t i = 0; i < 4; ++i) {
      if (i != committer) m.at(i).handle(genuine.commit);
    }
    m.expect_view_matches();
  }
};

TEST(PublicGroupRejection, FramingTheViewCannotRead) {
  Forge f;
  MlsMessage application = f.m.at(2).protect(Bytes{'h', 'i'});  // a PrivateMessage
  f.refused(R::kMalformed, application);
  MlsMessage other_group = f.genuine.commit;
  std::get<PublicMessage>(other_group.message).content.group_id.push_back('x');
  f.refused(R::kWrongGroup, other_group);
  MlsMessage old_epoch = f.edited([](FramedContent& fc) { --fc.epoch; });
  f.refused(R::kWrongEpoch, old_epoch);
  f.refused(R::kMalformed, f.m.at(0).group_info());
  f.genuine_applies();
  f.refused(R::kWrongEpoch, f.genuine.commit);  // replayed after it applied
}

TEST(PublicGroupRejection, BadSignature) {
  Forge f;
  MlsMessage flipped = f.genuine.commit;
  std::get<PublicMessage>(flipped.message).auth.signature.at(5) ^= 1;
  f.refused(R::kBadSignature, flipped);
  MlsMessage unsigned_edit = f.genuine.commit;
  std::get<PublicMessage>(unsigned_edit.message).content.authenticated_data = {1};
  f.refused(R::kBadSignature, unsigned_edit);
  // Signed by someone else's key, in the committer's name.
  MlsMessage by_other = resign(f.genuine.commit, f.m.keys[2].signature_private_key.reveal(),
                               f.m.ds->context(), [](FramedContent&) {});
  f.refused(R::kBadSignature, by_other);
  f.genuine_applies();
}

TEST(PublicGroupRejection, SenderNotAMember) {
  Forge f;
  f.refused(R::kUnknownSender,
            f.edited([](FramedContent& fc) { fc.sender = Sender{MemberSender{9}}; }));
  // A member removed in the last epoch signs with its old key.
  Forge g;
  g.genuine_applies();
  g.m.commit(0, {Proposal{Remove{3}}});
  CommitResult r = g.m.at(1).commit();
  MlsMessage by_removed =
      resign(r.commit, g.m.keys[3].signature_private_key.reveal(), g.m.ds->context(),
             [](FramedContent& fc) { fc.sender = Sender{MemberSender{3}}; });
  expect_refused(*g.m.ds, R::kUnknownSender, [&] { g.m.ds->handle(by_removed); });
  // Only members and external joiners commit.
  expect_refused(*g.m.ds, R::kSenderNotAllowed, [&] {
    g.m.ds->handle(resign(r.commit, g.m.keys[1].signature_private_key.reveal(), g.m.ds->context(),
                          [](FramedContent& fc) { fc.sender = Sender{ExternalSenderIndex{0}}; }));
  });
  f.genuine_applies();
}

TEST(PublicGroupRejection, WrongParentHashAndPathCiphertexts) {
  Forge f;
  f.refused(R::kInvalidPath, f.edited([](FramedContent& fc) {
    commit_of(fc).path->nodes.at(0).encryption_key.at(4) ^=
        1;  // the leaf's parent hash no longer chains
  }));
  f.refused(R::kInvalidPath, f.edited([](FramedContent& fc) {
    commit_of(fc).path->nodes.at(0).encrypted_path_secret.pop_back();
  }));
  f.refused(R::kInvalidPath,
            f.edited([](FramedContent& fc) { commit_of(fc).path->nodes.pop_back(); }));
  f.genuine_applies();
}

TEST(PublicGroupRejection, ProposalsACommitMayNotCarry) {
  Forge f;
  auto with = [&](std::vector<Proposal> extra) {
    return f.edited([&](FramedContent& fc) {
      for (Proposal& p : extra) commit_of(fc).proposals.push_back(ProposalOrRef{p});
    });
  };
  f.refused(R::kInvalidProposal, with({Proposal{Remove{2}}, Proposal{Remove{2}}}));
  f.refused(R::kInvalidProposal, with({Proposal{Remove{f.committer}}}));
  f.refused(R::kInvalidProposal, with({Proposal{ExternalInit{Bytes(32, 7)}}}));
  f.refused(R::kInvalidProposal, with({Proposal{Update{*f.m.ds->tree().leaf(f.committer)}}}));
  // A required capability no member has.
  RequiredCapabilities rc{{0x0a0a}, {}, {}};
  Extensions ext{{kExtensionRequiredCapabilities, encode(rc)}};
  f.refused(R::kInvalidProposal, with({Proposal{GroupContextExtensions{ext}}}));
  // A proposal by reference that the view never saw (e.g. sent as PrivateMessage).
  f.refused(R::kUnknownProposal, f.edited([](FramedContent& fc) {
    commit_of(fc).proposals.push_back(ProposalOrRef{ProposalRef(16, 0x42)});
  }));
  f.genuine_applies();
}

TEST(PublicGroupRejection, ProposalsASenderMayNotSend) {
  const ExternalSigner ds_signer;
  DsMeeting m(3, ds_signer.extensions());
  const LeafNode leaf = *m.ds->tree().leaf(1);
  expect_refused(*m.ds, R::kSenderNotAllowed,
                 [&] { m.ds->handle(ds_signer.propose(*m.ds, Proposal{Update{leaf}})); });
  expect_refused(*m.ds, R::kUnknownSender,
                 [&] { m.ds->handle(ds_signer.propose(*m.ds, Proposal{Remove{1}}, 3)); });
  const ExternalSigner forger;  // not in external_senders
  expect_refused(*m.ds, R::kBadSignature,
                 [&] { m.ds->handle(forger.propose(*m.ds, Proposal{Remove{1}})); });
  // Remove of a blank leaf, on its own.
  expect_refused(*m.ds, R::kInvalidProposal,
                 [&] { m.ds->handle(ds_signer.propose(*m.ds, Proposal{Remove{3}})); });
  m.propose(ds_signer.propose(*m.ds, Proposal{Remove{2}}));
  EXPECT_EQ(m.ds->pending_proposal_count(), 1u);
}

TEST(PublicGroupRejection, InvalidLeafNodes) {
  DsMeeting m(3);
  const crypto::SuiteAlgorithms& su = suite_algorithms(kSuite);
  // An Update that keeps the leaf's encryption key.
  LeafNode same = *m.ds->tree().leaf(1);
  same.source = UpdateLeafSource{};
  sign_leaf_node(su, same, m.keys[1].signature_private_key.reveal(), m.ds->group_id(), 1);
  MlsMessage update = m.at(1).propose(Proposal{Update{same}});
  expect_refused(*m.ds, R::kInvalidLeafNode, [&] { m.ds->handle(update); });
  // A commit whose new leaf carries a bad leaf signature.
  CommitResult r = m.at(2).commit();
  MlsMessage bad_leaf =
      resign(r.commit, m.keys[2].signature_private_key.reveal(), m.ds->context(),
             [](FramedContent& fc) { commit_of(fc).path->leaf_node.signature.at(3) ^= 1; });
  expect_refused(*m.ds, R::kInvalidLeafNode, [&] { m.ds->handle(bad_leaf); });
  // A commit whose new leaf keeps the committer's encryption key (leaf signed again).
  MlsMessage same_key = resign(
      r.commit, m.keys[2].signature_private_key.reveal(), m.ds->context(), [&](FramedContent& fc) {
        LeafNode& leaf = commit_of(fc).path->leaf_node;
        leaf.encryption_key = m.ds->tree().leaf(2)->encryption_key;
        sign_leaf_node(su, leaf, m.keys[2].signature_private_key.reveal(), m.ds->group_id(), 2);
      });
  expect_refused(*m.ds, R::kInvalidLeafNode, [&] { m.ds->handle(same_key); });
  // An Add whose KeyPackage is signed by another key.
  KeyPackage kp = make_bundle("joiner").key_package;
  kp.signature.at(2) ^= 1;
  MlsMessage add = m.at(0).propose_add(kp);
  expect_refused(*m.ds, R::kInvalidProposal, [&] { m.ds->handle(add); });
  // With the DS's clock, a one-day KeyPackage 50 years later.
  ManualClock later;
  later.set_wall(std::chrono::system_clock::now() + std::chrono::hours(24 * 365 * 50));
  PublicGroup timed = PublicGroup::from_group_info(m.at(0).group_info(true), std::nullopt,
                                                   PublicGroupOptions{nullptr, &later});
  KeyPackageParams params;
  params.cipher_suite = kSuite;
  params.credential = Credential{BasicCredential{Bytes{'d', 'a', 'y'}}};
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto start =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(now).count());
  params.lifetime = Lifetime{start, start + 86400};
  MlsMessage fresh = m.at(0).propose_add(create_key_package(std::move(params)).key_package);
  expect_refused(timed, R::kInvalidLeafNode, [&] { timed.handle(fresh); });
  m.ds->handle(fresh);  // no clock: lifetimes not checked
}

TEST(PublicGroupRejection, ExternalCommitsNeedThePublishedGroupInfo) {
  DsMeeting m(3);
  MlsMessage info = m.at(0).group_info(true);
  CommitResult r = m.at(1).commit();
  m.at(1).merge_pending_commit();
  m.ds->handle(r.commit);  // no GroupInfo for the new epoch yet
  for (uint32_t i : {0u, 2u}) m.at(i).handle(r.commit);
  MlsMessage now = m.at(2).group_info(true);
  Group::ExternalJoin join = Group::join_external(now, make_bundle("guest"));
  expect_refused(*m.ds, R::kExternalCommitNotAllowed, [&] { m.ds->handle(join.commit); });
  // A GroupInfo of the old epoch, or with a broken signature, is not published.
  expect_refused(*m.ds, R::kGroupInfoMismatch, [&] { m.ds->publish_group_info(info); });
  MlsMessage broken = now;
  std::get<GroupInfo>(broken.message).signature.at(1) ^= 1;
  expect_refused(*m.ds, R::kBadSignature, [&] { m.ds->publish_group_info(broken); });
  // A GroupInfo without external_pub (signed again by the member) allows no external commit.
  GroupInfo no_pub = std::get<GroupInfo>(now.message);
  std::erase_if(no_pub.extensions,
                [](const Extension& e) { return e.extension_type == kExtensionExternalPub; });
  no_pub.signature =
      sign_with_label(suite_algorithms(kSuite), m.keys[2].signature_private_key.reveal(),
                      "GroupInfoTBS", encode(group_info_tbs(no_pub)));
  m.ds->publish_group_info(MlsMessage{ProtocolVersion::kMls10, no_pub});
  expect_refused(*m.ds, R::kExternalCommitNotAllowed, [&] { m.ds->handle(join.commit); });
  m.ds->publish_group_info(now);
  m.ds->handle(join.commit);
  EXPECT_EQ(m.ds->members().size(), 4u);
}

TEST(PublicGroupRejection, ExternalCommitThatRemovesAnotherMember) {
  DsMeeting m(3);
  // Built without the joiner's own resync check (Group::join_external refuses it).
  ExternalJoinParams params;
  params.tree = m.ds->tree().to_wire();
  params.resync_remove = 1;
  Group::ExternalJoin join =
      GroupAccess::build_external_commit(*m.ds->published_group_info(), make_bundle("intruder"),
                                         std::move(params), crypto::SystemRandom::instance());
  expect_refused(*m.ds, R::kInvalidProposal, [&] { m.ds->handle(join.commit); });
  m.join_external(make_bundle("m1"), 1);  // the same member's resync is accepted
  m.expect_view_matches();
}

TEST(PublicGroupRejection, CommitBundleWithAGroupInfoThatDoesNotMatch) {
  Forge f;
  MlsMessage old_info = f.m.at(f.committer).group_info(true);
  expect_refused(*f.m.ds, R::kGroupInfoMismatch,
                 [&] { f.m.ds->handle_commit(f.genuine.commit, old_info); });
  f.m.at(f.committer).merge_pending_commit();
  GroupInfo other_tag = std::get<GroupInfo>(f.m.at(f.committer).group_info(true).message);
  other_tag.confirmation_tag.at(0) ^= 1;
  other_tag.signature = sign_with_label(suite_algorithms(kSuite),
                                        f.m.keys[f.committer].signature_private_key.reveal(),
                                        "GroupInfoTBS", encode(group_info_tbs(other_tag)));
  expect_refused(*f.m.ds, R::kGroupInfoMismatch, [&] {
    f.m.ds->handle_commit(f.genuine.commit, MlsMessage{ProtocolVersion::kMls10, other_tag});
  });
  f.m.ds->handle_commit(f.genuine.commit, f.m.at(f.committer).group_info(true));
}

TEST(PublicGroupRejection, GroupInfosToStartFrom) {
  DsMeeting m(3);
  MlsMessage info = m.at(1).group_info(true);
  EXPECT_EQ(refused_with(R::kInvalidGroupInfo, [&] { PublicGroup::create(info); }), "");
  MlsMessage tampered = info;
  std::get<GroupInfo>(tampered.message).group_context.tree_hash.at(0) ^= 1;
  EXPECT_EQ(refused_with(R::kInvalidGroupInfo, [&] { PublicGroup::from_group_info(tampered); }),
            "");
  EXPECT_EQ(refused_with(R::kInvalidGroupInfo,
                         [&] { PublicGroup::from_group_info(m.at(1).group_info(false)); }),
            "");
  EXPECT_EQ(PublicGroup::from_group_info(info).epoch(), m.ds->epoch());
}

TEST(PublicGroupRejection, NothingAfterReInit) {
  DsMeeting m(2);
  CommitOptions options;
  options.proposals = {Proposal{ReInit{Bytes{'n', 'e', 'w'}, ProtocolVersion::kMls10, kSuite, {}}}};
  CommitResult r = m.at(0).commit(std::move(options));
  m.ds->handle(r.commit);
  ASSERT_TRUE(m.ds->reinit().has_value());
  MlsMessage update = m.at(1).propose_update();
  expect_refused(*m.ds, R::kReinitialized, [&] { m.ds->handle(update); });
  expect_refused(*m.ds, R::kReinitialized, [&] { m.ds->publish_group_info(m.at(1).group_info()); });
}

}  // namespace
}  // namespace zt::mls::testing
