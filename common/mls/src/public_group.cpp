// The public view of a group: starting from a GroupInfo, the GroupInfo a
// committer publishes checked against the public state, and what the view
// produces of a GroupInfo by itself. Handshake processing is in
// public_group_commit.cpp.
#include "zt/mls/public_group.h"

#include "public_group_internal.h"
#include "zt/mls/transcript_hash.h"

namespace zt::mls {

std::string_view to_string(PublicRejection reason) {
  switch (reason) {
    case PublicRejection::kMalformed:
      return "malformed";
    case PublicRejection::kWrongGroup:
      return "wrong_group";
    case PublicRejection::kWrongEpoch:
      return "wrong_epoch";
    case PublicRejection::kReinitialized:
      return "reinitialized";
    case PublicRejection::kUnknownSender:
      return "unknown_sender";
    case PublicRejection::kBadSignature:
      return "bad_signature";
    case PublicRejection::kSenderNotAllowed:
      return "sender_not_allowed";
    case PublicRejection::kUnknownProposal:
      return "unknown_proposal";
    case PublicRejection::kInvalidProposal:
      return "invalid_proposal";
    case PublicRejection::kInvalidLeafNode:
      return "invalid_leaf_node";
    case PublicRejection::kInvalidPath:
      return "invalid_path";
    case PublicRejection::kExternalCommitNotAllowed:
      return "external_commit_not_allowed";
    case PublicRejection::kInvalidGroupInfo:
      return "invalid_group_info";
    case PublicRejection::kGroupInfoMismatch:
      return "group_info_mismatch";
  }
  return "unknown";
}

namespace {

const GroupInfo& group_info_of(const MlsMessage& message, PublicRejection reason) {
  const auto* gi = std::get_if<GroupInfo>(&message.message);
  if (gi == nullptr || message.version != ProtocolVersion::kMls10)
    throw PublicGroupError(reason, "not an MLS 1.0 GroupInfo");
  return *gi;
}

[[noreturn]] void mismatch(const std::string& what) {
  throw PublicGroupError(PublicRejection::kGroupInfoMismatch, what);
}

}  // namespace

PublicGroup::PublicGroup(GroupContext context, RatchetTreeState tree, const GroupInfo& info,
                         PublicGroupOptions options)
    : options_(options), context_(std::move(context)), tree_(std::move(tree)) {
  const crypto::SuiteAlgorithms& su = suite_algorithms(context_.cipher_suite);
  interim_transcript_hash_ =
      mls::interim_transcript_hash(su, context_.confirmed_transcript_hash, info.confirmation_tag);
  confirmation_tag_ = info.confirmation_tag;
}

PublicGroup PublicGroup::from_group_info(const MlsMessage& message,
                                         const std::optional<RatchetTree>& given,
                                         PublicGroupOptions options) {
  const GroupInfo& gi = group_info_of(message, PublicRejection::kInvalidGroupInfo);
  const auto invalid = PublicRejection::kInvalidGroupInfo;
  PublicGroup g = refuse_as_public(
      invalid,
      [&] {
        const crypto::SuiteAlgorithms& su = suite_algorithms(gi.group_context.cipher_suite);
        RatchetTreeState tree = tree_from_group_info(su, gi, given);
        verify_group_info(su, gi, tree, options.credentials);
        return PublicGroup(gi.group_context, std::move(tree), gi, options);
      },
      invalid);
  g.group_info_ = message;
  return g;
}

PublicGroup PublicGroup::create(const MlsMessage& message, PublicGroupOptions options) {
  PublicGroup g = from_group_info(message, std::nullopt, options);
  const GroupInfo& gi = std::get<GroupInfo>(message.message);
  auto invalid = [](const char* what) {
    throw PublicGroupError(PublicRejection::kInvalidGroupInfo, what);
  };
  if (g.epoch() != 0) invalid("a new group starts at epoch 0");
  if (!g.context_.confirmed_transcript_hash.empty())
    invalid("a new group has an empty confirmed transcript hash");
  if (g.tree_.leaf_count() != 1 || g.tree_.leaf(0) == nullptr || gi.signer != 0)
    invalid("a new group is its creator alone, at leaf 0");
  return g;
}

std::vector<uint32_t> PublicGroup::members() const {
  std::vector<uint32_t> out;
  for (LeafIndex i = 0; i < tree_.leaf_count(); ++i) {
    if (tree_.leaf(i) != nullptr) out.push_back(i);
  }
  return out;
}

void PublicGroup::check_group_info(const GroupInfo& gi, const GroupContext& context,
                                   const RatchetTreeState& tree, const Mac& tag) const {
  if (gi.group_context.epoch != context.epoch)
    mismatch("GroupInfo is for epoch " + std::to_string(gi.group_context.epoch) +
             ", the group is at epoch " + std::to_string(context.epoch));
  if (!(gi.group_context == context)) mismatch("GroupInfo group context differs from the group's");
  if (gi.confirmation_tag != tag) mismatch("GroupInfo confirmation tag differs from the commit's");
  const LeafNode* signer = tree.leaf(gi.signer);
  if (signer == nullptr) mismatch("GroupInfo signer is not a member");
  const crypto::SuiteAlgorithms& su = suite_algorithms(context.cipher_suite);
  if (!verify_with_label(su, signer->signature_key, "GroupInfoTBS", encode(group_info_tbs(gi)),
                         gi.signature)) {
    throw PublicGroupError(PublicRejection::kBadSignature, "GroupInfo signature does not verify");
  }
  if (const Extension* ext = find_extension(gi.extensions, kExtensionRatchetTree)) {
    if (ext->extension_data != encode(tree.to_wire()))
      mismatch("GroupInfo ratchet_tree differs from the group's tree");
  }
  if (const Extension* ext = find_extension(gi.extensions, kExtensionExternalPub)) {
    if (!decode<ExternalPub>(ext->extension_data))
      throw PublicGroupError(PublicRejection::kMalformed, "GroupInfo external_pub is malformed");
  }
}

void PublicGroup::publish_group_info(const MlsMessage& message) {
  if (reinit_)
    throw PublicGroupError(PublicRejection::kReinitialized, "the group was reinitialized");
  const GroupInfo& gi = group_info_of(message, PublicRejection::kMalformed);
  refuse_as_public(PublicRejection::kGroupInfoMismatch,
                   [&] { check_group_info(gi, context_, tree_, confirmation_tag_); });
  group_info_ = message;
}

PublicGroupInfo PublicGroup::group_info_contents() const {
  return {context_, Extension{kExtensionRatchetTree, encode(tree_.to_wire())}, confirmation_tag_};
}

void PublicGroup::install(Staged staged, std::optional<MlsMessage> group_info) {
  context_ = std::move(staged.next.context);
  tree_ = std::move(*staged.next.tree);
  interim_transcript_hash_ = std::move(staged.next.interim);
  confirmation_tag_ = std::move(staged.next.confirmation_tag);
  proposals_.clear();
  group_info_ = std::move(group_info);
  reinit_ = std::move(staged.summary.reinit);
}

}  // namespace zt::mls
