// The public view's handshake processing (RFC 9420 sections 6.1, 12.1,
// 12.2, 12.4.2 without the secrets): verify the PublicMessage, check and
// cache proposals, stage commits with the member's shared code
// (stage_public_commit) and install them.
#include <algorithm>

#include "public_group_internal.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/message_protection.h"

namespace zt::mls {
namespace {

[[noreturn]] void refuse(PublicRejection reason, const std::string& what) {
  throw PublicGroupError(reason, what);
}

PublicRejection reason_of(MessageErrorCode code) {
  switch (code) {
    case MessageErrorCode::kWrongGroup:
      return PublicRejection::kWrongGroup;
    case MessageErrorCode::kWrongEpoch:
      return PublicRejection::kWrongEpoch;
    case MessageErrorCode::kUnknownSigner:
    case MessageErrorCode::kInvalidSender:
      return PublicRejection::kUnknownSender;
    case MessageErrorCode::kBadSignature:
      return PublicRejection::kBadSignature;
    default:
      return PublicRejection::kMalformed;
  }
}

// Commits come from members and external joiners only; new_member_commit
// sends nothing but commits (sections 12.1.8, 12.4.3.2). Checked before the
// signature, as which proposals a sender may send.
void check_sender_kind(const FramedContent& content) {
  const SenderType st = content.sender.type();
  if (content.content_type() == ContentType::kCommit && st != SenderType::kMember &&
      st != SenderType::kNewMemberCommit) {
    refuse(PublicRejection::kSenderNotAllowed, "commit from a sender that cannot commit");
  }
  if (content.content_type() == ContentType::kProposal && st == SenderType::kNewMemberCommit)
    refuse(PublicRejection::kSenderNotAllowed, "proposal from a new_member_commit sender");
}

// One HPKE ciphertext per node of each copath child's resolution (new
// members excluded), so every member can decrypt its path secret (7.6).
void check_path_ciphertexts(const RatchetTreeState& tree, LeafIndex committer,
                            const UpdatePath& path, const std::vector<LeafIndex>& added) {
  const RatchetTreeState::FilteredPath fdp = tree.filtered_direct_path(committer);
  std::vector<NodeIndex> res;
  for (size_t k = 0; k < fdp.nodes.size(); ++k) {
    res.clear();
    tree.append_resolution(fdp.copath_children[k], res, added);
    if (path.nodes.at(k).encrypted_path_secret.size() != res.size()) {
      refuse(PublicRejection::kInvalidPath,
             "update path node " + std::to_string(k) + " has " +
                 std::to_string(path.nodes[k].encrypted_path_secret.size()) +
                 " ciphertexts for a resolution of " + std::to_string(res.size()));
    }
  }
}

// A public view holds no Update keys of its own.
ProposalRules rules_of(const GroupContext& context, const PublicGroupOptions& options) {
  return {context.group_id, context.cipher_suite, options.credentials, options.clock, nullptr};
}

bool has_external_pub(const std::optional<MlsMessage>& group_info) {
  if (!group_info) return false;
  const auto* gi = std::get_if<GroupInfo>(&group_info->message);
  return gi != nullptr && find_extension(gi->extensions, kExtensionExternalPub) != nullptr;
}

}  // namespace

AuthenticatedContent PublicGroup::verify(const MlsMessage& message) const {
  if (reinit_) refuse(PublicRejection::kReinitialized, "the group was reinitialized (ReInit)");
  const auto* pub = std::get_if<PublicMessage>(&message.message);
  if (pub == nullptr || message.version != ProtocolVersion::kMls10) {
    refuse(PublicRejection::kMalformed,
           "the public view reads only MLS 1.0 PublicMessage handshakes (a PrivateMessage needs "
           "the group's secrets)");
  }
  if (pub->content.content_type() == ContentType::kApplication)
    refuse(PublicRejection::kMalformed, "application data must be a PrivateMessage");
  check_sender_kind(pub->content);
  if (const auto* proposal = std::get_if<Proposal>(&pub->content.content)) {
    refuse_as_public(PublicRejection::kSenderNotAllowed,
                     [&] { check_proposal_sender(pub->content.sender.type(), proposal->type()); });
  }
  const crypto::SuiteAlgorithms& su = suite_algorithms(context_.cipher_suite);
  auto content = verify_public_message(su, *pub, context_, [&](const Sender&) {
    return sender_signature_key(tree_, context_.extensions, pub->content);
  });
  if (!content) refuse(reason_of(content.error().code()), content.error().what());
  return std::move(*content);
}

PublicReceived PublicGroup::handle(const MlsMessage& message) {
  AuthenticatedContent content = verify(message);
  if (content.content.content_type() == ContentType::kProposal) return handle_proposal(content);
  Staged staged = stage_commit(content);
  PublicCommit summary = staged.summary;
  install(std::move(staged), std::nullopt);
  return summary;
}

PublicCommit PublicGroup::handle_commit(const MlsMessage& commit, const MlsMessage& group_info) {
  AuthenticatedContent content = verify(commit);
  if (content.content.content_type() != ContentType::kCommit)
    refuse(PublicRejection::kMalformed, "a commit bundle without a commit");
  Staged staged = stage_commit(content);
  const auto* gi = std::get_if<GroupInfo>(&group_info.message);
  if (gi == nullptr || group_info.version != ProtocolVersion::kMls10)
    refuse(PublicRejection::kMalformed, "a commit bundle without an MLS 1.0 GroupInfo");
  refuse_as_public(PublicRejection::kGroupInfoMismatch, [&] {
    check_group_info(*gi, staged.next.context, *staged.next.tree, staged.next.confirmation_tag);
  });
  PublicCommit summary = staged.summary;
  install(std::move(staged), group_info);
  return summary;
}

ReceivedProposal PublicGroup::handle_proposal(const AuthenticatedContent& content) {
  const Proposal& proposal = std::get<Proposal>(content.content.content);
  const Sender& sender = content.content.sender;
  // The proposal on its own against the current tree: an Add's KeyPackage,
  // an Update's leaf, a Remove of a member, extensions every member
  // supports, a PSK nonce. Whether it fits the other proposals of a commit
  // is checked when one commits it.
  NextEpoch trial;
  trial.context = context_;
  trial.tree = std::make_unique<RatchetTreeState>(tree_);
  const ProposalRules rules = rules_of(context_, options_);
  refuse_as_public(PublicRejection::kInvalidProposal, [&] {
    apply_proposal_list(rules, trial, {ResolvedProposal{proposal, sender}}, std::nullopt,
                        CommitKind::kMember);
  });
  ProposalRef ref = make_proposal_ref(suite_algorithms(context_.cipher_suite), content);
  const bool seen = std::any_of(proposals_.begin(), proposals_.end(),
                                [&](const Group::CachedProposal& c) { return c.ref == ref; });
  if (!seen) proposals_.push_back({ref, proposal, sender});
  return ReceivedProposal{std::move(ref), proposal, sender};
}

PublicGroup::Staged PublicGroup::stage_commit(const AuthenticatedContent& content) const {
  const Commit& commit = std::get<Commit>(content.content.content);
  const bool external = content.content.sender.type() == SenderType::kNewMemberCommit;
  if (external && !has_external_pub(group_info_)) {
    refuse(PublicRejection::kExternalCommitNotAllowed,
           "external commit while no GroupInfo with external_pub is published for epoch " +
               std::to_string(context_.epoch));
  }
  for (const ProposalOrRef& por : commit.proposals) {
    const auto* ref = std::get_if<ProposalRef>(&por.value);
    if (ref != nullptr &&
        std::none_of(proposals_.begin(), proposals_.end(),
                     [&](const Group::CachedProposal& c) { return c.ref == *ref; }))
      refuse(PublicRejection::kUnknownProposal,
             "commit references a proposal the view did not see");
  }
  Staged s;
  s.next.context = context_;
  s.next.context.epoch = context_.epoch + 1;
  s.next.tree = std::make_unique<RatchetTreeState>(tree_);
  s.next.summary.epoch = s.next.context.epoch;
  const ProposalRules rules = rules_of(context_, options_);
  StagedCommit staged = refuse_as_public(PublicRejection::kInvalidProposal, [&] {
    return stage_public_commit(rules, tree_, proposals_, interim_transcript_hash_, content, s.next);
  });
  if (commit.path)
    check_path_ciphertexts(*s.next.tree, *staged.committer, *commit.path, staged.fx.added);
  s.summary.epoch = s.next.context.epoch;
  s.summary.committer = staged.committer.value_or(0);
  s.summary.external = external;
  s.summary.added = s.next.summary.added;
  s.summary.removed = s.next.summary.removed;
  s.summary.reinit = s.next.summary.reinit;
  return s;
}

}  // namespace zt::mls
