// Messages that must be refused, each leaving the group exactly as it was:
// a tampered commit, a commit for another epoch, replays, application data
// outside the out-of-order window.
#include <gtest/gtest.h>

#include "group_fixture.h"

namespace zt::mls::testing {
namespace {

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

struct Snapshot {
  uint64_t epoch;
  std::string authenticator;
  Bytes tree_hash;
  explicit Snapshot(const Group& g)
      : epoch(g.epoch()),
        authenticator(to_hex(g.epoch_authenticator())),
        tree_hash(g.tree().tree_hash()) {}
  bool operator==(const Snapshot&) const = default;
};

TEST(GroupRejection, TamperedCommitLeavesStateUnchanged) {
  Meeting m(3);
  CommitResult r = m.at(0).commit();
  Snapshot before(m.at(1));
  MlsMessage bad = r.commit;
  auto& pub = std::get<PublicMessage>(bad.message);
  pub.auth.confirmation_tag->at(0) ^= 1;
  EXPECT_THROW(m.at(1).handle(bad), MessageRejected);  // the membership tag covers it
  bad = r.commit;
  std::get<Commit>(std::get<PublicMessage>(bad.message).content.content)
      .path->nodes.at(0)
      .encryption_key.at(3) ^= 1;
  EXPECT_ANY_THROW(m.at(1).handle(bad));
  EXPECT_TRUE(Snapshot(m.at(1)) == before);
  // The genuine commit still applies.
  m.at(1).handle(r.commit);
  m.at(2).handle(r.commit);
  m.at(0).merge_pending_commit();
  m.expect_agreement();
}

TEST(GroupRejection, ForgedConfirmationTagIsRefused) {
  // Re-sign nothing: a member with a valid membership key but a wrong
  // confirmation tag (recomputed membership tag) is caught by the tag check.
  Meeting m(2);
  CommitResult r = m.at(0).commit();
  MlsMessage bad = r.commit;
  auto& pub = std::get<PublicMessage>(bad.message);
  pub.auth.confirmation_tag->at(0) ^= 1;
  pub.membership_tag.reset();
  Snapshot before(m.at(1));
  EXPECT_THROW(m.at(1).handle(bad), MessageRejected);
  EXPECT_TRUE(Snapshot(m.at(1)) == before);
}

TEST(GroupRejection, CommitForWrongEpochIsRefused) {
  Meeting m(3);
  CommitResult old_commit = m.at(0).commit();
  m.at(0).discard_pending_commit();
  m.commit(1);  // the epoch moves on without old_commit
  Snapshot before(m.at(2));
  EXPECT_THROW(m.at(2).handle(old_commit.commit), EpochMismatch);
  EXPECT_TRUE(Snapshot(m.at(2)) == before);
}

TEST(GroupRejection, ReplayedMessagesAreRefused) {
  Meeting m(3);
  MlsMessage msg = m.at(0).protect(text("once"));
  EXPECT_EQ(std::get<ReceivedApplication>(m.at(1).handle(msg)).data, text("once"));
  try {
    m.at(1).handle(msg);
    ADD_FAILURE() << "replay accepted";
  } catch (const MessageRejected& e) {
    EXPECT_EQ(e.code(), MessageErrorCode::kKeyAlreadyUsed);
  }
  CommitResult r = m.at(0).commit();
  m.at(1).handle(r.commit);
  m.at(2).handle(r.commit);
  m.at(0).merge_pending_commit();
  Snapshot before(m.at(1));
  EXPECT_THROW(m.at(1).handle(r.commit), EpochMismatch);  // replayed commit
  EXPECT_TRUE(Snapshot(m.at(1)) == before);
}

TEST(GroupRejection, OutOfOrderWindow) {
  GroupOptions opts;
  opts.secret_tree.out_of_order_tolerance = 4;
  Meeting m(2, opts);
  std::vector<MlsMessage> sent;
  for (int i = 0; i < 12; ++i) sent.push_back(m.at(0).protect(text(numbered("frame ", i))));
  EXPECT_EQ(std::get<ReceivedApplication>(m.at(1).handle(sent[11])).data, text("frame 11"));
  EXPECT_EQ(std::get<ReceivedApplication>(m.at(1).handle(sent[8])).data,
            text("frame 8"));  // within 4
  try {
    m.at(1).handle(sent[2]);  // 9 generations behind the newest
    ADD_FAILURE() << "message outside the window accepted";
  } catch (const MessageRejected& e) {
    EXPECT_EQ(e.code(), MessageErrorCode::kGenerationTooOld);
  }
  EXPECT_EQ(std::get<ReceivedApplication>(m.at(1).handle(sent[10])).data, text("frame 10"));
}

TEST(GroupRejection, InvalidProposalListsAreRefused) {
  Meeting m(3);
  Snapshot before(m.at(0));
  CommitOptions self_remove;
  self_remove.proposals.push_back(Proposal{Remove{0}});
  EXPECT_THROW(m.at(0).commit(self_remove), ProtocolError);
  CommitOptions twice;
  twice.proposals = {Proposal{Remove{1}}, Proposal{Remove{1}}};
  EXPECT_THROW(m.at(0).commit(twice), ProtocolError);
  CommitOptions blank;
  blank.proposals = {Proposal{Remove{7}}};
  EXPECT_ANY_THROW(m.at(0).commit(blank));
  KeyPackageBundle j = make_bundle("j");
  CommitOptions dup_add;
  dup_add.proposals = {Proposal{Add{j.key_package}}, Proposal{Add{j.key_package}}};
  EXPECT_THROW(m.at(0).commit(dup_add), ProtocolError);
  CommitOptions reinit;
  reinit.proposals = {Proposal{ReInit{Bytes{1}, ProtocolVersion::kMls10, kSuite, {}}},
                      Proposal{Remove{1}}};
  EXPECT_THROW(m.at(0).commit(reinit), ProtocolError);
  EXPECT_FALSE(m.at(0).has_pending_commit());
  EXPECT_TRUE(Snapshot(m.at(0)) == before);
}

TEST(GroupRejection, UnknownProposalReferenceIsRefused) {
  Meeting m(3);
  MlsMessage p = m.at(1).propose_remove(2);
  m.at(0).handle(p);  // member 2 never sees the proposal
  CommitResult r = m.at(0).commit();
  Snapshot before(m.at(2));
  EXPECT_THROW(m.at(2).handle(r.commit), ProtocolError);
  EXPECT_TRUE(Snapshot(m.at(2)) == before);
}

TEST(GroupRejection, UndecodableTreeIsRefusedWithItsFieldPath) {
  Meeting m(3);
  MlsMessage info = m.at(0).group_info(true);
  for (Extension& e : std::get<GroupInfo>(info.message).extensions) {
    if (e.extension_type == kExtensionRatchetTree) e.extension_data.pop_back();
  }
  try {
    Group::join_external(info, make_bundle("late"));
    ADD_FAILURE() << "joined";
  } catch (const ProtocolError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("ratchet_tree extension does not decode"), std::string::npos) << what;
    EXPECT_NE(what.find("offset"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace zt::mls::testing
