// Larger scenarios: 50 members over 200 epochs of random adds, removes and
// updates; external join; Delivery Service external proposals.
#include <gtest/gtest.h>

#include <random>

#include "group_fixture.h"
#include "zt/crypto/signature.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/message_protection.h"

namespace zt::mls::testing {
namespace {

std::vector<uint32_t> active_leaves(const Meeting& m) {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < m.members.size(); ++i) {
    if (m.members[i] != nullptr) out.push_back(i);
  }
  return out;
}

TEST(GroupScenario, FiftyMembersTwoHundredRandomEpochs) {
  Meeting m(50);
  m.expect_agreement();
  std::mt19937 rng(42);
  int joined = 0;
  for (int epoch = 0; epoch < 200; ++epoch) {
    std::vector<uint32_t> leaves = active_leaves(m);
    uint32_t committer = leaves[rng() % leaves.size()];
    int action = static_cast<int>(rng() % 3);
    if (action == 0 && leaves.size() > 40) {
      uint32_t victim = committer;
      while (victim == committer) victim = leaves[rng() % leaves.size()];
      m.commit(committer, {Proposal{Remove{victim}}});
    } else if (action == 1 && leaves.size() < 60) {
      m.commit(committer, {}, {make_bundle(numbered("joiner", joined++))});
    } else {
      uint32_t updater = leaves[rng() % leaves.size()];
      if (updater != committer) {
        MlsMessage u = m.at(updater).propose_update();
        for (uint32_t i : leaves) {
          if (i != updater) m.at(i).handle(u);
        }
      }
      m.commit(committer);
    }
    m.expect_agreement();
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GE(m.at(active_leaves(m).front()).epoch(), 201u);
}

TEST(GroupScenario, ExternalJoin) {
  Meeting m(3);
  MlsMessage info = m.at(1).group_info(/*with_tree=*/false);
  KeyPackageBundle me = make_bundle("external");
  Group::ExternalJoin joined = Group::join_external(info, me, m.at(1).tree().to_wire());
  for (uint32_t i = 0; i < 3; ++i) {
    AppliedCommit c = std::get<AppliedCommit>(m.at(i).handle(joined.commit));
    EXPECT_EQ(c.epoch, joined.group.epoch());
  }
  m.add_joined(std::move(joined.group));
  m.expect_agreement();
  MlsMessage hello = m.at(3).protect(Bytes{1, 2, 3});
  EXPECT_EQ(std::get<ReceivedApplication>(m.at(0).handle(hello)).data, (Bytes{1, 2, 3}));

  // Resync: the external joiner rejoins (same identity, new keys),
  // removing its old leaf.
  MlsMessage info2 = m.at(0).group_info(true);
  Group::ExternalJoin again =
      Group::join_external(info2, make_bundle("external"), std::nullopt, {}, 3);
  for (uint32_t i = 0; i < 3; ++i) m.at(i).handle(again.commit);
  m.members[3].reset();
  m.add_joined(std::move(again.group));
  m.expect_agreement();
  EXPECT_EQ(m.active(), 4u);
}

TEST(GroupScenario, DeliveryServiceExternalProposals) {
  const crypto::SuiteAlgorithms& su = suite_algorithms(kSuite);
  crypto::SigningKey ds_key = crypto::SigningKey::generate(su.signature);
  ExternalSenders senders{{ds_key.public_key(), Credential{BasicCredential{Bytes{'d', 's'}}}}};
  Extensions ext{{kExtensionExternalSenders, encode(senders)}};
  KeyPackageBundle first = make_bundle("m0");
  Meeting m(0);
  m.members.clear();
  m.members.push_back(std::make_unique<Group>(Group::create(Bytes{9}, first, ext)));
  m.commit(0, {}, {make_bundle("m1"), make_bundle("m2")});

  auto ds_propose = [&](Proposal p) {
    const Group& g = m.at(0);
    FramedContent fc{
        g.group_id(), g.epoch(), Sender{ExternalSenderIndex{0}}, {}, Content{std::move(p)}};
    AuthenticatedContent content = sign_framed_content(su, ds_key.raw_private_key().reveal(),
                                                       WireFormat::kPublicMessage, fc, g.context());
    auto pub = protect_public(su, content, g.context(), {});
    EXPECT_TRUE(pub.has_value());
    return MlsMessage{ProtocolVersion::kMls10, std::move(*pub)};
  };
  KeyPackageBundle joiner = make_bundle("invited");
  MlsMessage add = ds_propose(Proposal{Add{joiner.key_package}});
  MlsMessage remove = ds_propose(Proposal{Remove{2}});
  for (uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(std::get<ReceivedProposal>(m.at(i).handle(add)).sender.type(), SenderType::kExternal);
    m.at(i).handle(remove);
  }
  // The designated committer commits the DS proposals by reference.
  CommitResult r = m.at(1).commit();
  ASSERT_TRUE(r.welcome.has_value());
  m.at(0).handle(r.commit);
  EXPECT_TRUE(std::get<AppliedCommit>(m.at(2).handle(r.commit)).removed_self);
  m.at(1).merge_pending_commit();
  m.members[2].reset();
  m.add_joined(Group::join(*r.welcome, joiner));
  m.expect_agreement();
  EXPECT_EQ(m.active(), 3u);

  // A forged DS proposal (wrong key) is refused.
  crypto::SigningKey other = crypto::SigningKey::generate(su.signature);
  const Group& g = m.at(0);
  FramedContent fc{
      g.group_id(), g.epoch(), Sender{ExternalSenderIndex{0}}, {}, Content{Proposal{Remove{1}}}};
  auto forged = sign_framed_content(su, other.raw_private_key().reveal(),
                                    WireFormat::kPublicMessage, fc, g.context());
  auto pub = protect_public(su, forged, g.context(), {});
  ASSERT_TRUE(pub.has_value());
  EXPECT_THROW(m.at(0).handle(MlsMessage{ProtocolVersion::kMls10, std::move(*pub)}),
               MessageRejected);
  EXPECT_EQ(m.at(0).pending_proposal_count(), 0u);
}

}  // namespace
}  // namespace zt::mls::testing
