#include "ds_meeting.h"

#include <gtest/gtest.h>

#include "public_group_input.h"
#include "zt/mls/message_protection.h"

namespace zt::mls::testing {

DsMeeting::DsMeeting(size_t n, Extensions extensions, Bytes* record_to) : record(record_to) {
  meeting.members.clear();
  keys.push_back(make_bundle("m0"));
  meeting.members.push_back(std::make_unique<Group>(
      Group::create(Bytes{'d', 's', 'g'}, keys[0], std::move(extensions), meeting.options)));
  const MlsMessage first = at(0).group_info(true);
  if (record != nullptr) fuzz::append_record(*record, fuzz::Op::kCreate, first);
  ds.emplace(PublicGroup::create(first));
  std::vector<KeyPackageBundle> joiners;
  for (size_t i = 1; i < n; ++i) joiners.push_back(make_bundle(numbered("m", i)));
  if (!joiners.empty()) commit(0, {}, std::move(joiners));
}

PublicCommit DsMeeting::commit(uint32_t committer, std::vector<Proposal> proposals,
                               std::vector<KeyPackageBundle> joiners) {
  for (const KeyPackageBundle& j : joiners) proposals.push_back(Proposal{Add{j.key_package}});
  CommitOptions options;
  options.proposals = std::move(proposals);
  CommitResult r = at(committer).commit(std::move(options));
  // The committer signs the new epoch's GroupInfo once it has the epoch.
  at(committer).merge_pending_commit();
  const MlsMessage info = at(committer).group_info(committer % 2 == 0);
  record_bundle(r.commit, info);
  PublicCommit applied = ds->handle_commit(r.commit, info);
  for (size_t i = 0; i < meeting.members.size(); ++i) {
    if (meeting.members[i] != nullptr && i != committer) meeting.members[i]->handle(r.commit);
  }
  for (uint32_t removed : applied.removed) meeting.members.at(removed).reset();
  for (KeyPackageBundle& j : joiners) {
    Group g = Group::join(*r.welcome, j, std::nullopt, meeting.options);
    if (keys.size() <= g.own_leaf()) keys.resize(g.own_leaf() + 1);
    keys[g.own_leaf()] = std::move(j);
    meeting.add_joined(std::move(g));
  }
  return applied;
}

void DsMeeting::record_bundle(const MlsMessage& commit, const MlsMessage& info) {
  if (record == nullptr) return;
  fuzz::append_record(*record, fuzz::Op::kBundle, commit);
  fuzz::append_record(*record, fuzz::Op::kBundle, info);
}

void DsMeeting::propose(const MlsMessage& proposal) {
  if (record != nullptr) fuzz::append_record(*record, fuzz::Op::kHandle, proposal);
  ds->handle(proposal);
  for (auto& m : meeting.members) {
    if (m != nullptr) m->handle(proposal);
  }
}

PublicCommit DsMeeting::join_external(KeyPackageBundle joiner, std::optional<uint32_t> resync) {
  // The DS hands out its published GroupInfo and, for one without the
  // ratchet_tree extension, its own tree.
  Group::ExternalJoin join = Group::join_external(*ds->published_group_info(), joiner,
                                                  ds->tree().to_wire(), meeting.options, resync);
  const MlsMessage info = join.group.group_info(true);
  record_bundle(join.commit, info);
  PublicCommit applied = ds->handle_commit(join.commit, info);
  for (auto& m : meeting.members) {
    if (m != nullptr) m->handle(join.commit);
  }
  for (uint32_t removed : applied.removed) meeting.members.at(removed).reset();
  const uint32_t leaf = join.group.own_leaf();
  if (keys.size() <= leaf) keys.resize(leaf + 1);
  keys[leaf] = std::move(joiner);
  meeting.add_joined(std::move(join.group));
  return applied;
}

void DsMeeting::expect_view_matches() {
  for (const auto& m : meeting.members) {
    if (m == nullptr) continue;
    ASSERT_EQ(ds->epoch(), m->epoch());
    ASSERT_EQ(to_hex(ds->tree().tree_hash()), to_hex(m->tree().tree_hash()));
    ASSERT_TRUE(ds->tree().to_wire() == m->tree().to_wire());
    ASSERT_TRUE(ds->context() == m->context());
  }
}

ExternalSigner::ExternalSigner()
    : key(crypto::SigningKey::generate(suite_algorithms(kSuite).signature)) {}

Extensions ExternalSigner::extensions() const {
  ExternalSenders senders{{key.public_key(), Credential{BasicCredential{Bytes{'d', 's'}}}}};
  return {{kExtensionExternalSenders, encode(senders)}};
}

MlsMessage ExternalSigner::propose(const PublicGroup& view, Proposal proposal,
                                   uint32_t index) const {
  const crypto::SuiteAlgorithms& su = suite_algorithms(view.cipher_suite());
  FramedContent fc{view.group_id(),
                   view.epoch(),
                   Sender{ExternalSenderIndex{index}},
                   {},
                   Content{std::move(proposal)}};
  AuthenticatedContent content = sign_framed_content(
      su, key.raw_private_key().reveal(), WireFormat::kPublicMessage, fc, view.context());
  auto message = protect_public(su, content, view.context(), {});
  if (!message) throw std::runtime_error("external proposal does not frame");
  return MlsMessage{ProtocolVersion::kMls10, std::move(*message)};
}

ViewSnapshot::ViewSnapshot(const PublicGroup& g)
    : context(encode(g.context())),
      tree(encode(g.tree().to_wire())),
      interim(g.interim_transcript_hash()),
      confirmation_tag(g.confirmation_tag()),
      proposals(g.pending_proposal_count()),
      group_info(g.published_group_info()) {}

MlsMessage resign(const MlsMessage& message, BytesView signature_priv, const GroupContext& context,
                  const std::function<void(FramedContent&)>& edit) {
  PublicMessage pub = std::get<PublicMessage>(message.message);
  edit(pub.content);
  const crypto::SuiteAlgorithms& su = suite_algorithms(context.cipher_suite);
  AuthenticatedContent signed_again =
      sign_framed_content(su, signature_priv, WireFormat::kPublicMessage, pub.content, context);
  pub.auth.signature = signed_again.auth.signature;
  return MlsMessage{ProtocolVersion::kMls10, std::move(pub)};
}

std::string refused_with(PublicRejection reason, const std::function<void()>& f) {
  try {
    f();
  } catch (const PublicGroupError& e) {
    if (e.reason() == reason) return {};
    return std::string("refused with ") + e.what();
  } catch (const std::exception& e) {
    return std::string("threw a non-public error: ") + e.what();
  }
  return "accepted";
}

}  // namespace zt::mls::testing
