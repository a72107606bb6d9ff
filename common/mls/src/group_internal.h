// Shared internals of the group state machine (group_*.cpp, commit_*.cpp,
// welcome_join.cpp, external_commit.cpp): the staged next epoch, proposal
// application and the epoch transition that builder and processor share.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "zt/mls/crypto_labels.h"
#include "zt/mls/group.h"
#include "zt/mls/message_protection.h"

namespace zt::mls {

// The next epoch under construction; installed only when complete.
struct NextEpoch {
  GroupContext context;
  std::unique_ptr<RatchetTreeState> tree;
  std::unique_ptr<TreeKemPrivateKey> priv;
  EpochSecrets secrets;
  Bytes interim;
  Mac confirmation_tag;
  AppliedCommit summary;
};

struct Group::Pending {
  NextEpoch next;
  Bytes commit_bytes;  // the encoded commit message, to recognize it echoed back
};

struct ResolvedProposal {
  Proposal proposal;
  Sender sender;
};

struct ProposalEffects {
  std::vector<LeafIndex> added;
  std::vector<KeyPackage> added_key_packages;
  std::vector<PreSharedKeyId> psks;
  const ExternalInit* external_init = nullptr;
  bool path_required = false;
};

// kSubgroup: the first commit of a group created by ReInit or branching,
// the only commit where a resumption PSK of usage reinit or branch is valid.
enum class CommitKind { kMember, kExternal, kSubgroup };

// What create_reinit / create_branch build (and tests, to forge).
struct SubgroupSpec {
  Bytes group_id;
  Extensions extensions;
  PreSharedKeyId psk;  // resumption, usage reinit or branch
  crypto::SecretBytes psk_secret;
};

struct GroupAccess {
  static const crypto::SuiteAlgorithms& suite(const Group& g) {
    return suite_algorithms(g.context_.cipher_suite);
  }
  static NextEpoch stage(const Group& g);
  static void install(Group& g, NextEpoch next);
  // Moves the current epoch into the retained ones (its exporter secret,
  // resumption PSK and, if retained_epochs > 0, its application keys),
  // then applies retained_epochs and retained_key_bytes, oldest first.
  static void retain_current_epoch(Group& g);
  static void enforce_key_bytes(Group& g);
  static void drop_keys(Group& g, Group::RetainedEpoch& r);
  // The application keys of retained past `epoch` (nullptr: gone).
  static Group::EpochKeys* epoch_keys(Group& g, uint64_t epoch);

  // Checks the proposal list of a commit from `committer` (section 12.2,
  // 12.4.3.2 for external commits) and applies it to next.tree (section
  // 12.3 order). Throws ProtocolError / LeafNodeError / ...
  static ProposalEffects apply_proposals(const Group& g, NextEpoch& next,
                                         const std::vector<ResolvedProposal>& proposals,
                                         std::optional<LeafIndex> committer, CommitKind kind);
  // The PSKs of a commit: `imported` first (a subgroup's resumption PSK of
  // the old group), then this group's resumption PSKs (current and retained
  // epochs) and external PSKs. An external PSK not held, a resumption PSK
  // of another group or of an epoch not retained: ProtocolError.
  static std::vector<PskWithSecret> resolve_psks(const Group& g,
                                                 const std::vector<PreSharedKeyId>& ids,
                                                 std::span<const PskWithSecret> imported = {});
  static std::vector<PskWithSecret> resolve_psks(const std::vector<ExternalPskEntry>& external,
                                                 const std::vector<PreSharedKeyId>& ids);
  // The PSKs of a Welcome: external ones from `external`, resumption ones
  // from `source` (the group they resume; nullptr: none). JoinError when
  // one is not held or a reinit/branch PSK is not the only one.
  static std::vector<PskWithSecret> resolve_welcome_psks(
      const std::vector<ExternalPskEntry>& external, const Group* source,
      const std::vector<PreSharedKeyId>& ids);
  // resumption_psk of `epoch` (current or retained), nullptr if gone.
  static const crypto::SecretBytes* resumption_psk(const Group& g, uint64_t epoch);
  // After joining from a Welcome with a reinit/branch PSK: the new group
  // matches the ReInit / the old group (section 12.4.3.1). ProtocolError.
  static void check_resumed_group(const Group& joined, const Group* source,
                                  const std::vector<PreSharedKeyId>& psks);

  // Throws ProtocolError when `g` may not send or process handshakes
  // (left, or reinitialized).
  static void require_active(const Group& g);
  // Group::commit with the commit kind and imported PSKs.
  static CommitResult commit(Group& g, CommitOptions options, CommitKind kind,
                             std::span<const PskWithSecret> imported);
  // A new group at epoch 1 from `spec` and the Welcome for `members` (no
  // check that the PSK fits: create_reinit / create_branch check that).
  static Group::Subgroup create_subgroup(SubgroupSpec spec, const KeyPackageBundle& me,
                                         std::vector<KeyPackage> members,
                                         const SubgroupOptions& options,
                                         crypto::RandomSource& random);
  // Group::join with an optional resumption source.
  static Group join(const MlsMessage& welcome, const KeyPackageBundle& me, const Group* source,
                    const std::optional<RatchetTree>& tree, GroupOptions options,
                    std::vector<ExternalPskEntry> external_psks);
  // An external commit as asked, without the resync identity check (the
  // receivers' check is tested with it).
  static Group::ExternalJoin build_external_commit(const MlsMessage& group_info,
                                                   const KeyPackageBundle& me,
                                                   ExternalJoinParams params,
                                                   crypto::RandomSource& random);

  // Signs content from this member for the handshake wire format.
  static AuthenticatedContent sign(const Group& g, Content content, BytesView authenticated_data,
                                   WireFormat wire_format);
  static MlsMessage protect(Group& g, const AuthenticatedContent& content);
  static AuthenticatedContent unprotect(Group& g, const MlsMessage& message);
  static SignerKeyLookup signer_lookup(const Group& g, const FramedContent* content);

  static Received handle_proposal(Group& g, const AuthenticatedContent& content);
  static Received handle_commit(Group& g, const AuthenticatedContent& content);

  static GroupInfo make_group_info(const GroupContext& context, const RatchetTreeState& tree,
                                   const EpochSecrets& secrets, const Mac& confirmation_tag,
                                   LeafIndex signer, BytesView signature_priv, bool with_tree);

  // For client_state_serialization.cpp, which rebuilds a Group from its parts.
  static GroupOptions& options(Group& g) { return g.options_; }
  static GroupContext& context(Group& g) { return g.context_; }
  static std::unique_ptr<RatchetTreeState>& tree(Group& g) { return g.tree_; }
  static crypto::SecretBytes& signature_priv(Group& g) { return g.signature_priv_; }
  static std::unique_ptr<SecretTree>& secret_tree(Group& g) { return g.secret_tree_; }
  static std::vector<Group::CachedProposal>& proposals(Group& g) { return g.proposals_; }
  static std::deque<Group::RetainedEpoch>& retained(Group& g) { return g.retained_; }
  static std::vector<ExternalPskEntry>& external_psks(Group& g) { return g.external_psks_; }
  static bool& active(Group& g) { return g.active_; }
  static std::optional<ReInit>& reinit(Group& g) { return g.reinit_; }
  static std::vector<std::pair<Bytes, crypto::SecretBytes>>& own_update_keys(Group& g) {
    return g.own_update_keys_;
  }
  static Group make() { return Group(); }
};

// The end of every commit path (create, process, external commit, and a new
// group's first epoch): next.secrets from `init_secret`, `commit_secret`
// and `psk_secret` over next.context (its confirmed transcript hash set),
// then the confirmation tag, computed (`received` null: the committer's,
// returned for its content) or the received one checked (ProtocolError);
// sets next.confirmation_tag and next.interim.
Mac enter_epoch(const crypto::SuiteAlgorithms& suite, NextEpoch& next, BytesView init_secret,
                BytesView commit_secret, BytesView psk_secret, const Mac* received = nullptr);

// The ratchet tree of a GroupInfo (its ratchet_tree extension, else `given`).
RatchetTreeState tree_from_group_info(const crypto::SuiteAlgorithms& suite, const GroupInfo& gi,
                                      const std::optional<RatchetTree>& given);
// Signature by the signer's leaf, tree validity and tree hash, and every
// member's credential when `credentials` is set; throws ProtocolError.
void verify_group_info(const crypto::SuiteAlgorithms& suite, const GroupInfo& gi,
                       const RatchetTreeState& tree, const CredentialVerifier* credentials);

// True when two credentials name the same member (the application's rule
// for ReInit, branching and resync): equal basic identities, or X.509
// end-entity certificates with the same subject and URI SANs.
bool same_member(const Credential& a, const Credential& b);
// True when some non-blank leaf of `tree` names the same member as `c`.
bool has_member(const RatchetTreeState& tree, const Credential& c);

// The ExternalInit secret (section 8.3): receiver side from external_secret.
crypto::SecretBytes external_init_secret(const crypto::SuiteAlgorithms& suite,
                                         BytesView external_secret, BytesView kem_output);

}  // namespace zt::mls
