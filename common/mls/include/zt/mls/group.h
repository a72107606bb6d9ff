// The MLS group state machine (RFC 9420 sections 8, 11, 12): one member's
// view of a group. Create, join (Welcome or external commit), propose,
// commit, process handshake and application messages, export secrets.
//
// Every incoming message is processed on a staged next state that replaces
// the current one only when everything verified: a message that throws
// (ProtocolError, EpochMismatch, WrongGroup, MessageRejected, TreeError,
// LeafNodeError, CredentialError ...) leaves the group unchanged.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "zt/base/clock.h"
#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/credential_validation.h"
#include "zt/mls/group_error.h"
#include "zt/mls/key_package_bundle.h"
#include "zt/mls/key_schedule.h"
#include "zt/mls/mls_message.h"
#include "zt/mls/psk_secret.h"
#include "zt/mls/ratchet_tree_state.h"
#include "zt/mls/secret_tree.h"
#include "zt/mls/treekem.h"

namespace zt::mls {

struct GroupOptions {
  // How this member sends proposals and commits.
  WireFormat handshake_wire_format = WireFormat::kPublicMessage;
  // Out-of-order window and key cap of each epoch's secret tree.
  SecretTreeOptions secret_tree;
  // Past epochs whose exporter secret and application keys stay available
  // (media and application messages in flight across a commit, RFC 9420
  // section 15.2). A PrivateMessage with application data of a retained
  // epoch still decrypts (once per generation); handshakes never do.
  size_t retained_epochs = 3;
  // Cap on the memory all retained epochs' application keys hold together
  // (secret trees, sender-data secrets, signer keys); over it the oldest
  // epoch's keys are dropped first (its exporter secret stays).
  size_t retained_key_bytes = 8u << 20;
  size_t padding = 0;
  // Credential checks on leaves (nullptr: basic and X.509 unverified).
  const CredentialVerifier* credentials = nullptr;
  // Lifetime checks of KeyPackages (nullptr: not checked).
  const Clock* clock = nullptr;
};

struct ExternalPskEntry {
  Bytes psk_id;
  crypto::SecretBytes psk;
};

struct ReceivedApplication {
  uint64_t epoch = 0;  // the current one or a retained past epoch
  uint32_t sender = 0;
  Bytes data;
  Bytes authenticated_data;
};

struct ReceivedProposal {
  ProposalRef ref;
  Proposal proposal;
  Sender sender;
};

struct AppliedCommit {
  uint64_t epoch = 0;  // the new epoch
  std::vector<uint32_t> added;
  std::vector<uint32_t> removed;
  bool removed_self = false;  // this member is no longer in the group
  // The ReInit proposal the commit carried (section 11.2): the group is
  // now reinitialized and waits for the new group's Welcome.
  std::optional<ReInit> reinit;
};

using Received = std::variant<ReceivedApplication, ReceivedProposal, AppliedCommit>;

struct CommitOptions {
  std::vector<Proposal> proposals;  // sent by value, after the pending ones
  bool include_pending = true;      // cached proposals, by reference
  bool force_path = true;           // include an UpdatePath even when not required
  bool inline_tree = true;          // ratchet_tree extension in the Welcome's GroupInfo
};

struct CommitResult {
  MlsMessage commit;
  std::optional<MlsMessage> welcome;  // when members were added
};

// The first commit of a group created by ReInit (section 11.2) or by
// branching (section 11.3).
struct SubgroupOptions {
  GroupOptions group;       // options of the new group
  bool force_path = true;   // include an UpdatePath in the first commit
  bool inline_tree = true;  // ratchet_tree extension in the Welcome's GroupInfo
};

// An external join (section 12.4.3.2) with its optional parts.
struct ExternalJoinParams {
  std::optional<RatchetTree> tree;  // when the GroupInfo has no ratchet_tree
  GroupOptions options;
  std::optional<uint32_t> resync_remove;  // this client's old leaf (same identity)
  std::vector<ExternalPskEntry> psks;     // external PSKs injected by PreSharedKey proposals
};

// What this member holds of out-of-order and past-epoch keys, and what the
// caps dropped (counted since the group object was created or restored).
struct KeyMemory {
  size_t retained_epochs_with_keys = 0;
  size_t retained_key_bytes = 0;     // estimate, against retained_key_bytes
  size_t current_retained_keys = 0;  // skipped keys of the current epoch
  uint64_t evicted_keys = 0;         // skipped keys dropped by max_retained_keys
  uint64_t evicted_epochs = 0;       // past epochs' keys dropped by retained_key_bytes
};

struct RosterEntry {
  uint32_t leaf = 0;
  MemberIdentity identity;
};

class Group {
 public:
  Group(Group&&) noexcept;
  Group& operator=(Group&&) noexcept;
  ~Group();

  // A one-member group at epoch 0 (section 11).
  static Group create(Bytes group_id, const KeyPackageBundle& me, Extensions group_extensions = {},
                      GroupOptions options = {},
                      crypto::RandomSource& random = crypto::SystemRandom::instance());
  // Joins from a Welcome (section 12.4.3.1). `tree` is needed when the
  // GroupInfo carries no ratchet_tree extension.
  static Group join(const MlsMessage& welcome, const KeyPackageBundle& me,
                    const std::optional<RatchetTree>& tree = std::nullopt,
                    GroupOptions options = {}, std::vector<ExternalPskEntry> external_psks = {});
  // Joins by external commit (section 12.4.3.2) from a signed GroupInfo with
  // an external_pub extension. The returned commit is sent to the group; the
  // group returned is already in the new epoch. `resync_remove` removes
  // this client's old leaf.
  struct ExternalJoin;
  static ExternalJoin join_external(
      const MlsMessage& group_info, const KeyPackageBundle& me,
      const std::optional<RatchetTree>& tree = std::nullopt, GroupOptions options = {},
      std::optional<uint32_t> resync_remove = {},
      crypto::RandomSource& random = crypto::SystemRandom::instance());
  // The same with external PSKs. A resync Remove must remove a leaf whose
  // credential names the same member as `me` (ProtocolError otherwise).
  static ExternalJoin join_external(
      const MlsMessage& group_info, const KeyPackageBundle& me, ExternalJoinParams params,
      crypto::RandomSource& random = crypto::SystemRandom::instance());

  // ---- reinitialization and branching (sections 11.2, 11.3) ----
  // A new group and the Welcome for `members` (nullopt when there are none).
  struct Subgroup;
  // Creates the group that replaces `old` after its ReInit commit: the
  // ReInit's group_id, version, cipher suite and extensions; `me` and
  // `members` (KeyPackages in the new suite) must be exactly the old
  // group's members; the first commit injects the old group's resumption
  // PSK (usage reinit, the epoch that the ReInit commit started).
  static Subgroup create_reinit(const Group& old, const KeyPackageBundle& me,
                                std::vector<KeyPackage> members, SubgroupOptions options = {},
                                crypto::RandomSource& random = crypto::SystemRandom::instance());
  // Creates a subgroup of `old` (same suite) with `me` and `members`, all
  // members of `old`; the first commit injects the resumption PSK of
  // `old`'s current epoch with usage branch.
  static Subgroup create_branch(const Group& old, Bytes group_id, const KeyPackageBundle& me,
                                std::vector<KeyPackage> members, Extensions extensions = {},
                                SubgroupOptions options = {},
                                crypto::RandomSource& random = crypto::SystemRandom::instance());
  // Joins from a Welcome whose GroupSecrets name resumption PSKs of
  // `resumption_source` (the old group). For usage reinit, the old group
  // must have applied the ReInit commit of that epoch and the new group
  // must match the ReInit and keep every old member; for usage branch,
  // the suite must match and every new member must be an old one; the new
  // group must be at epoch 1. Throws JoinError (PSK not held) or
  // ProtocolError (the new group does not match).
  static Group join(const MlsMessage& welcome, const KeyPackageBundle& me,
                    const Group& resumption_source,
                    const std::optional<RatchetTree>& tree = std::nullopt,
                    GroupOptions options = {}, std::vector<ExternalPskEntry> external_psks = {});

  // ---- state ----
  CipherSuite cipher_suite() const { return context_.cipher_suite; }
  const Bytes& group_id() const { return context_.group_id; }
  uint64_t epoch() const { return context_.epoch; }
  uint32_t own_leaf() const { return priv_->leaf(); }
  const GroupContext& context() const { return context_; }
  const RatchetTreeState& tree() const { return *tree_; }
  BytesView epoch_authenticator() const { return secrets_.epoch_authenticator.reveal(); }
  std::vector<RosterEntry> roster() const;
  // MLS-Exporter of the current epoch, or of a retained past one
  // (EpochMismatch if that epoch is gone).
  crypto::SecretBytes export_secret(std::string_view label, BytesView context, size_t length) const;
  crypto::SecretBytes export_secret(uint64_t epoch, std::string_view label, BytesView context,
                                    size_t length) const;
  size_t pending_proposal_count() const { return proposals_.size(); }
  KeyMemory key_memory() const;
  // Set once a commit with a ReInit proposal was applied: the group then
  // refuses to send, receive and commit (ProtocolError).
  const std::optional<ReInit>& reinit() const { return reinit_; }

  // ---- sending ----
  MlsMessage propose(Proposal proposal, BytesView authenticated_data = {});
  MlsMessage propose_add(const KeyPackage& key_package) {
    return propose(Proposal{Add{key_package}});
  }
  MlsMessage propose_remove(uint32_t leaf) { return propose(Proposal{Remove{leaf}}); }
  // An Update with a fresh leaf HPKE key.
  MlsMessage propose_update();
  // Builds a commit of the pending and given proposals. The group stays in
  // its epoch until merge_pending_commit() (after the Delivery Service
  // accepted the commit) or discard_pending_commit().
  CommitResult commit(CommitOptions options = {});
  void merge_pending_commit();
  void discard_pending_commit();
  bool has_pending_commit() const { return pending_ != nullptr; }

  MlsMessage protect(BytesView application_data, BytesView authenticated_data = {});
  // The signed GroupInfo of the current epoch (with external_pub and, if
  // asked, the ratchet tree).
  MlsMessage group_info(bool with_tree = true) const;

  // ---- receiving ----
  Received handle(const MlsMessage& message);
  void add_external_psk(Bytes psk_id, crypto::SecretBytes psk);

  // ---- persistence (section 5 of the issue) ----
  // The whole client state, AEAD-encrypted (AES-256-GCM) under `key`
  // (32 bytes), the nonce from `random`.
  Bytes serialize(BytesView key,
                  crypto::RandomSource& random = crypto::SystemRandom::instance()) const;
  static Group restore(BytesView state, BytesView key, GroupOptions options = {});

  // Internal representation (public so the implementation files can share
  // it; not part of the API).
  // What unprotecting an application message of a past epoch needs.
  struct EpochKeys {
    GroupContext context;  // signed over by the sender (FramedContentTBS)
    crypto::SecretBytes sender_data_secret;
    SecretTree secret_tree;
    std::vector<SignaturePublicKey> signers;  // by leaf; empty: blank leaf
    size_t memory_bytes() const;
  };
  struct RetainedEpoch {
    uint64_t epoch = 0;
    crypto::SecretBytes exporter_secret;
    crypto::SecretBytes resumption_psk;
    std::unique_ptr<EpochKeys> keys;  // nullptr: dropped (byte cap) or restored from v3
  };
  struct CachedProposal {
    ProposalRef ref;
    Proposal proposal;
    Sender sender;
  };
  struct Pending;

 private:
  Group();
  friend struct GroupAccess;

  GroupOptions options_;
  GroupContext context_;
  std::unique_ptr<RatchetTreeState> tree_;
  std::unique_ptr<TreeKemPrivateKey> priv_;
  crypto::SecretBytes signature_priv_;
  EpochSecrets secrets_;
  Bytes interim_transcript_hash_;
  Mac confirmation_tag_;
  std::unique_ptr<SecretTree> secret_tree_;
  std::vector<CachedProposal> proposals_;
  std::deque<RetainedEpoch> retained_;
  std::vector<ExternalPskEntry> external_psks_;
  std::unique_ptr<Pending> pending_;
  std::vector<std::pair<Bytes, crypto::SecretBytes>> own_update_keys_;  // public -> private
  bool active_ = true;
  std::optional<ReInit> reinit_;
  uint64_t evicted_keys_ = 0;  // by secret trees already dropped
  uint64_t evicted_epochs_ = 0;
};

struct Group::ExternalJoin {
  Group group;
  MlsMessage commit;
};

struct Group::Subgroup {
  Group group;
  std::optional<MlsMessage> welcome;
};

}  // namespace zt::mls
