// The public view of an MLS group (RFC 9420), for a Delivery Service that
// holds no secret of the group (what OpenMLS calls a PublicGroup): the
// ratchet tree, the GroupContext (epoch, tree hash, confirmed transcript
// hash, extensions), the interim transcript hash and the last confirmation
// tag, kept up to date from PublicMessage proposals and commits with the
// member's own code for proposals, trees and transcript hashes.
//
// What it checks (section 12, all that needs no secret): group and epoch;
// the sender is a member (non-blank leaf), an entry of the external_senders
// extension, a new member's Add (new_member_proposal) or an external
// joiner (new_member_commit); which sender may send which proposal; the
// FramedContent signature with the sender's signature key; every rule of
// the proposal list (12.2, 12.4.3.2 for external commits), Add KeyPackages,
// Update and commit LeafNodes (7.3: signature, required_capabilities,
// credential types, extensions, lifetime with a clock, unique keys), the
// capabilities every member needs for the group's extensions and proposal
// types; a path where one is required, its length and parent hashes (7.9),
// a new leaf encryption key and only HPKE keys new to the tree, and one
// ciphertext per node of each copath resolution; an external
// commit only while the published GroupInfo of the epoch carries
// external_pub; the GroupInfo a committer publishes against the new state.
//
// What it cannot check, and why (each needs a secret of the epoch):
// - the membership_tag of a member's PublicMessage (MAC with the
//   membership_key): only its presence is checked; the signature is what
//   proves the sender;
// - the confirmation_tag of a commit (MAC with the confirmation_key of the
//   new epoch): kept as sent, so the DS can publish it;
// - that the UpdatePath ciphertexts decrypt to a consistent path secret;
// - that an external commit's ExternalInit kem_output is for the group's
//   external_pub (only the external_secret opens it);
// - that a GroupInfo's confirmation tag and external_pub belong to its
//   epoch's secrets: the GroupInfo the view starts from is trusted as far
//   as a member's signature goes, and a published one must carry the
//   commit's tag and this view's context and tree;
// - PSKs (their secrets) and anything sent as PrivateMessage, which the
//   view refuses (a by-reference proposal it never saw makes the commit
//   unprocessable: kUnknownProposal).
//
// Every failure throws PublicGroupError with a reason and leaves the view
// exactly as it was (everything is staged and installed at the end).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "zt/base/clock.h"
#include "zt/mls/credential_validation.h"
#include "zt/mls/group.h"
#include "zt/mls/group_error.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/ratchet_tree_state.h"

namespace zt::mls {

enum class PublicRejection : uint8_t {
  kMalformed,                 // not a handshake PublicMessage or GroupInfo the view can read
  kWrongGroup,                // for another group
  kWrongEpoch,                // for another epoch than the current one
  kReinitialized,             // the group ended with a ReInit commit
  kUnknownSender,             // blank leaf, no such external sender, no key to verify with
  kBadSignature,              // FramedContent or GroupInfo signature
  kSenderNotAllowed,          // this sender type may not send this content or proposal
  kUnknownProposal,           // a commit references a proposal the view did not see
  kInvalidProposal,           // a proposal or proposal-list rule (12.1, 12.2), KeyPackage
  kInvalidLeafNode,           // LeafNode validation (7.3) or its credential
  kInvalidPath,               // UpdatePath: length, parent hash, ciphertext count
  kExternalCommitNotAllowed,  // no published GroupInfo with external_pub for this epoch
  kInvalidGroupInfo,          // a GroupInfo to start from: signature, tree, creation rules
  kGroupInfoMismatch,         // a published GroupInfo that differs from the public state
};

std::string_view to_string(PublicRejection reason);  // "bad_signature" ...

class PublicGroupError : public GroupError {
 public:
  PublicGroupError(PublicRejection reason, const std::string& detail)
      : GroupError(std::string(to_string(reason)) + ": " + detail), reason_(reason) {}
  PublicRejection reason() const { return reason_; }

 private:
  PublicRejection reason_;
};

struct PublicGroupOptions {
  // Credential checks on new leaves (nullptr: basic and X.509 unverified).
  const CredentialVerifier* credentials = nullptr;
  // Lifetime checks of Add KeyPackages (nullptr: not checked).
  const Clock* clock = nullptr;
};

// A commit the view applied.
struct PublicCommit {
  uint64_t epoch = 0;      // the new epoch
  uint32_t committer = 0;  // the committer's leaf (for an external commit: its new leaf)
  bool external = false;   // sender new_member_commit
  std::vector<uint32_t> added;
  std::vector<uint32_t> removed;
  std::optional<ReInit> reinit;
};

using PublicReceived = std::variant<ReceivedProposal, PublicCommit>;

// What the view produces of a GroupInfo by itself: the GroupContext, the
// ratchet_tree extension and the last commit's confirmation tag (as the
// committer sent it). It cannot produce external_pub (derived from the
// epoch's external_secret) nor a signature (a member's signing key): those
// come from the GroupInfo the committer publishes (published_group_info).
struct PublicGroupInfo {
  GroupContext group_context;
  Extension ratchet_tree;  // kExtensionRatchetTree
  Mac confirmation_tag;
};

class PublicGroup {
 public:
  // A view of an existing group (a new DS instance) from a signed GroupInfo
  // and, when the GroupInfo has no ratchet_tree extension, its tree. Checks
  // the signature by the signer's leaf and the tree (tree hash, parent
  // hashes, leaf signatures, unmerged leaves, unique keys, credentials).
  // The GroupInfo becomes the published one. kInvalidGroupInfo otherwise.
  static PublicGroup from_group_info(const MlsMessage& group_info,
                                     const std::optional<RatchetTree>& tree = std::nullopt,
                                     PublicGroupOptions options = {});
  // A new group as its creator made it (section 11, no Welcome): the
  // creator's epoch-0 GroupInfo with its one-leaf tree, signed by leaf 0,
  // with an empty confirmed transcript hash.
  static PublicGroup create(const MlsMessage& group_info, PublicGroupOptions options = {});

  const GroupContext& context() const { return context_; }
  uint64_t epoch() const { return context_.epoch; }
  const Bytes& group_id() const { return context_.group_id; }
  CipherSuite cipher_suite() const { return context_.cipher_suite; }
  const RatchetTreeState& tree() const { return tree_; }
  const Bytes& interim_transcript_hash() const { return interim_transcript_hash_; }
  const Mac& confirmation_tag() const { return confirmation_tag_; }
  // Members by leaf (blank leaves skipped).
  std::vector<uint32_t> members() const;
  // Proposals of the current epoch the view has accepted (by reference).
  size_t pending_proposal_count() const { return proposals_.size(); }
  // Set once a commit with a ReInit was applied: everything is refused.
  const std::optional<ReInit>& reinit() const { return reinit_; }

  // A PublicMessage proposal or commit of the current epoch: validated and
  // applied (a proposal is cached for commits that reference it).
  PublicReceived handle(const MlsMessage& message);
  // A commit bundle: the commit and the GroupInfo its committer signed for
  // the new epoch, both checked, applied together or not at all.
  PublicCommit handle_commit(const MlsMessage& commit, const MlsMessage& group_info);

  // The GroupInfo a member signed for the current epoch: it must carry this
  // view's GroupContext and confirmation tag, be signed by a member, and
  // hold this tree if it has a ratchet_tree extension. Stored as the
  // published one (kGroupInfoMismatch / kBadSignature / kMalformed).
  void publish_group_info(const MlsMessage& group_info);
  // The GroupInfo published for the current epoch (nullopt after a commit
  // until one is published).
  const std::optional<MlsMessage>& published_group_info() const { return group_info_; }
  PublicGroupInfo group_info_contents() const;

 private:
  struct Staged;
  PublicGroup(GroupContext context, RatchetTreeState tree, const GroupInfo& info,
              PublicGroupOptions options);
  ReceivedProposal handle_proposal(const AuthenticatedContent& content);
  Staged stage_commit(const AuthenticatedContent& content) const;
  AuthenticatedContent verify(const MlsMessage& message) const;
  void check_group_info(const GroupInfo& gi, const GroupContext& context,
                        const RatchetTreeState& tree, const Mac& confirmation_tag) const;
  void install(Staged staged, std::optional<MlsMessage> group_info);

  PublicGroupOptions options_;
  GroupContext context_;
  RatchetTreeState tree_;
  Bytes interim_transcript_hash_;
  Mac confirmation_tag_;
  std::vector<Group::CachedProposal> proposals_;
  std::optional<MlsMessage> group_info_;
  std::optional<ReInit> reinit_;
};

}  // namespace zt::mls
