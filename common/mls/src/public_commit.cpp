// The secret-free part of processing a commit (RFC 9420 section 12.4.2),
// shared by a member and the public view; see public_commit.h.
#include "public_commit.h"

#include <algorithm>

#include "zt/mls/leaf_node_validation.h"
#include "zt/mls/transcript_hash.h"

namespace zt::mls {
namespace {

std::vector<ResolvedProposal> resolve(const std::vector<Group::CachedProposal>& cache,
                                      const Commit& commit, const Sender& committer) {
  std::vector<ResolvedProposal> out;
  out.reserve(commit.proposals.size());
  for (const ProposalOrRef& por : commit.proposals) {
    if (const auto* p = std::get_if<Proposal>(&por.value)) {
      out.push_back({*p, committer});
      continue;
    }
    const ProposalRef& ref = std::get<ProposalRef>(por.value);
    auto it = std::find_if(cache.begin(), cache.end(),
                           [&](const Group::CachedProposal& c) { return c.ref == ref; });
    if (it == cache.end()) throw ProtocolError("commit references an unknown proposal");
    out.push_back({it->proposal, it->sender});
  }
  return out;
}

// Section 12.2: the Remove in an external commit removes the joiner's own
// old leaf (resync), so the new leaf must name the same member.
void check_resync(const RatchetTreeState& tree, const AppliedCommit& summary,
                  const Commit& commit) {
  if (summary.removed.empty()) return;
  if (!commit.path) throw ProtocolError("commit without a required path");
  const LeafNode* old = tree.leaf(summary.removed.front());
  if (old == nullptr || !same_member(old->credential, commit.path->leaf_node.credential)) {
    throw ProtocolError("external commit removes the leaf of another member");
  }
}

// The committer and the kind of commit from its sender.
void classify(const Sender& sender, const Commit& commit, StagedCommit& out) {
  if (const auto* m = std::get_if<MemberSender>(&sender.value)) {
    out.committer = m->leaf_index;
    return;
  }
  if (sender.type() != SenderType::kNewMemberCommit)
    throw ProtocolError("commit from a sender that cannot commit");
  out.kind = CommitKind::kExternal;
  for (const ProposalOrRef& por : commit.proposals) {
    if (!std::holds_alternative<Proposal>(por.value))
      throw ProtocolError("external commit with a reference");
  }
}

bool same_key(BytesView a, BytesView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// Section 12.4.2: a member's new leaf changes its encryption key, and no
// public key of the UpdatePath is already in the tree (or twice in the
// path). `tree` is the tree the proposals made, before the path merges (an
// external committer's leaf is already the path's).
void check_path_keys(const RatchetTreeState& tree, LeafIndex committer, const UpdatePath& path,
                     bool external) {
  if (const LeafNode* old = tree.leaf(committer);
      !external && old != nullptr && same_key(old->encryption_key, path.leaf_node.encryption_key)) {
    throw LeafNodeError(LeafNodeFailure::kEncryptionKeyUnchanged,
                        "commit keeps the committer's leaf encryption key");
  }
  for (size_t k = 0; k < path.nodes.size(); ++k) {
    const BytesView key = path.nodes[k].encryption_key;
    bool reused = same_key(key, path.leaf_node.encryption_key);
    for (size_t j = 0; j < k && !reused; ++j) reused = same_key(key, path.nodes[j].encryption_key);
    for (NodeIndex x = 0; x < tree.node_count() && !reused; ++x)
      reused = !tree.is_blank(x) && same_key(key, tree.encryption_key(x));
    if (reused) {
      throw TreeKemError("update path node " + std::to_string(k) +
                         " reuses an HPKE key already in the tree or the path");
    }
  }
}

}  // namespace

std::optional<SignaturePublicKey> sender_signature_key(const RatchetTreeState& tree,
                                                       const Extensions& extensions,
                                                       const FramedContent& content) {
  const Sender& sender = content.sender;
  switch (sender.type()) {
    case SenderType::kMember: {
      const LeafNode* leaf = tree.leaf(std::get<MemberSender>(sender.value).leaf_index);
      if (leaf == nullptr) return std::nullopt;
      return leaf->signature_key;
    }
    case SenderType::kExternal: {
      const Extension* ext = find_extension(extensions, kExtensionExternalSenders);
      if (ext == nullptr) return std::nullopt;
      auto senders = decode<ExternalSenders>(ext->extension_data);
      uint32_t index = std::get<ExternalSenderIndex>(sender.value).sender_index;
      if (!senders || index >= senders->size()) return std::nullopt;
      return (*senders)[index].signature_key;
    }
    case SenderType::kNewMemberProposal: {
      const auto* p = std::get_if<Proposal>(&content.content);
      const Add* add = p == nullptr ? nullptr : std::get_if<Add>(&p->value);
      if (add == nullptr) return std::nullopt;
      return add->key_package.leaf_node.signature_key;
    }
    case SenderType::kNewMemberCommit: {
      const auto* c = std::get_if<Commit>(&content.content);
      if (c == nullptr || !c->path) return std::nullopt;
      return c->path->leaf_node.signature_key;
    }
    default:
      return std::nullopt;
  }
}

StagedCommit stage_public_commit(const ProposalRules& rules, const RatchetTreeState& current,
                                 const std::vector<Group::CachedProposal>& cache,
                                 BytesView interim_transcript_hash,
                                 const AuthenticatedContent& content, NextEpoch& next) {
  const crypto::SuiteAlgorithms& su = suite_algorithms(rules.cipher_suite);
  const Commit& commit = std::get<Commit>(content.content.content);
  StagedCommit out;
  classify(content.content.sender, commit, out);
  out.proposals = resolve(cache, commit, content.content.sender);
  out.fx = apply_proposal_list(rules, next, out.proposals, out.committer, out.kind);
  if (out.fx.path_required && !commit.path) throw ProtocolError("commit without a required path");
  if (out.kind == CommitKind::kExternal) check_resync(current, next.summary, commit);

  if (commit.path) {
    if (out.kind == CommitKind::kExternal)
      out.committer = next.tree->add_leaf(commit.path->leaf_node);
    LeafNodeCheck check;
    check.source = LeafNodeSourceType::kCommit;
    check.group_id = rules.group_id;
    check.leaf_index = out.committer;
    check.group_extensions = &next.context.extensions;
    check.credentials = rules.credentials;
    validate_leaf_node(*next.tree, commit.path->leaf_node, check);
    check_path_keys(*next.tree, *out.committer, *commit.path, out.kind == CommitKind::kExternal);
    merge_update_path(*next.tree, *out.committer, *commit.path);
  }
  next.context.tree_hash = next.tree->tree_hash();
  TranscriptHashes hashes = update_transcript_hashes(su, interim_transcript_hash, content);
  next.context.confirmed_transcript_hash = std::move(hashes.confirmed);
  next.interim = std::move(hashes.interim);
  next.confirmation_tag = *content.auth.confirmation_tag;
  return out;
}

}  // namespace zt::mls
