// The secret-free part of processing handshake messages (RFC 9420 sections
// 6.1, 12.1, 12.2, 12.4.2), shared by a member (commit_processor.cpp,
// commit_builder.cpp) and the Delivery Service's public view
// (public_group*.cpp): who may send what, the proposal list checked and
// applied to the staged tree, the UpdatePath merged (leaf node and parent
// hashes checked), the new tree hash and transcript hashes. What is left
// needs the epoch's secrets: the membership tag, decrypting the path, the
// key schedule and the confirmation tag.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "group_internal.h"

namespace zt::mls {

// What checking and applying proposals needs besides the staged tree.
struct ProposalRules {
  BytesView group_id;  // of the current epoch (leaf signatures bind to it)
  CipherSuite cipher_suite = 0;
  const CredentialVerifier* credentials = nullptr;
  const Clock* clock = nullptr;  // KeyPackage lifetimes (nullptr: not checked)
  // A member's own Update keys, public -> private (nullptr: the public view).
  const std::vector<std::pair<Bytes, crypto::SecretBytes>>* own_update_keys = nullptr;
};

// Checks the proposal list of a commit from `committer` (section 12.2,
// 12.4.3.2 for external commits) and applies it to next.tree in the order
// of section 12.3. next.priv may be nullptr (the public view). Throws
// ProtocolError / LeafNodeError / KeyPackageError / CredentialError.
ProposalEffects apply_proposal_list(const ProposalRules& rules, NextEpoch& next,
                                    const std::vector<ResolvedProposal>& proposals,
                                    std::optional<LeafIndex> committer, CommitKind kind);

// Which sender types may send a proposal of `type` (sections 12.1.8,
// 12.4.3.2): ProtocolError otherwise.
void check_proposal_sender(SenderType sender, ProposalType type);

// The signature key of the sender of `content`: a member's leaf in `tree`,
// an entry of the external_senders extension in `extensions`, the
// KeyPackage of a new member's Add, the UpdatePath leaf of an external
// commit. nullopt when there is none.
std::optional<SignaturePublicKey> sender_signature_key(const RatchetTreeState& tree,
                                                       const Extensions& extensions,
                                                       const FramedContent& content);

// A commit staged on `next` (made by stage(), or by the public view).
struct StagedCommit {
  CommitKind kind = CommitKind::kMember;
  // The committer's leaf; for an external commit its new leaf (set only
  // when the commit has a path, which an external commit must have).
  std::optional<LeafIndex> committer;
  // fx.external_init points into `proposals`, whose buffer moves with it.
  std::vector<ResolvedProposal> proposals;
  ProposalEffects fx;
};

// Stages `content` (a verified commit of the epoch of `current`) on `next`:
// the committer (a member or new_member_commit, whose proposals are all by
// value), by-reference proposals from `cache`, the proposal list checked
// and applied, a path where required, the resync rule of an external
// commit, the UpdatePath's leaf validated (with a new encryption key), its
// keys new to the tree, the path merged (path length, parent hash), next.context's tree hash and confirmed transcript hash, next.interim
// and next.confirmation_tag (not verified: that needs the confirmation key).
// The path secrets are encrypted to the provisional GroupContext: next.context
// with the old epoch's confirmed transcript hash.
// Throws ProtocolError, LeafNodeError, TreeError (TreeKemError),
// KeyPackageError, CredentialError; `current` and `cache` are not changed.
StagedCommit stage_public_commit(const ProposalRules& rules, const RatchetTreeState& current,
                                 const std::vector<Group::CachedProposal>& cache,
                                 BytesView interim_transcript_hash,
                                 const AuthenticatedContent& content, NextEpoch& next);

}  // namespace zt::mls
