// Framing for the group: signing and protecting what this member sends
// (handshakes in the configured wire format, application data always as
// PrivateMessage), unprotecting what it receives, and the dispatch of
// received messages.
#include "public_commit.h"
#include "zt/crypto/kem.h"
#include "zt/mls/leaf_node_signature.h"

namespace zt::mls {
namespace {

[[noreturn]] void reject(const MessageError& e) {
  switch (e.code()) {
    case MessageErrorCode::kWrongEpoch:
      throw EpochMismatch("message for another epoch");
    case MessageErrorCode::kWrongGroup:
      throw WrongGroup("message for another group");
    default:
      throw MessageRejected(e.code());
  }
}

// A PrivateMessage of an earlier epoch: application data with the keys of a
// retained epoch (section 15.2); handshakes only ever in the current epoch.
AuthenticatedContent unprotect_past(Group& g, const PrivateMessage& m) {
  const uint64_t current = GroupAccess::context(g).epoch;
  if (m.epoch > current || m.content_type != ContentType::kApplication) {
    throw EpochMismatch("message for another epoch (epoch " + std::to_string(m.epoch) +
                        ", the group is at epoch " + std::to_string(current) + ")");
  }
  Group::EpochKeys* keys = GroupAccess::epoch_keys(g, m.epoch);
  if (keys == nullptr) throw EpochNotRetained(m.epoch, current);
  SignerKeyLookup signer = [keys](const Sender& s) -> std::optional<SignaturePublicKey> {
    const auto* member = std::get_if<MemberSender>(&s.value);
    if (member == nullptr || member->leaf_index >= keys->signers.size() ||
        keys->signers[member->leaf_index].empty()) {
      return std::nullopt;
    }
    return keys->signers[member->leaf_index];
  };
  auto content = unprotect_private(GroupAccess::suite(g), m, keys->context, keys->secret_tree,
                                   keys->sender_data_secret.reveal(), signer);
  if (!content) reject(content.error());
  return std::move(*content);
}

}  // namespace

SignerKeyLookup GroupAccess::signer_lookup(const Group& g, const FramedContent* content) {
  return [&g, content](const Sender& sender) -> std::optional<SignaturePublicKey> {
    if (content != nullptr) return sender_signature_key(*g.tree_, g.context_.extensions, *content);
    // A PrivateMessage's sender is a member: no content is needed to find its key.
    if (sender.type() != SenderType::kMember) return std::nullopt;
    const LeafNode* leaf = g.tree_->leaf(std::get<MemberSender>(sender.value).leaf_index);
    if (leaf == nullptr) return std::nullopt;
    return leaf->signature_key;
  };
}

AuthenticatedContent GroupAccess::sign(const Group& g, Content content,
                                       BytesView authenticated_data, WireFormat wire_format) {
  FramedContent fc;
  fc.group_id = g.context_.group_id;
  fc.epoch = g.context_.epoch;
  fc.sender = Sender{MemberSender{g.priv_->leaf()}};
  fc.authenticated_data = Bytes(authenticated_data.begin(), authenticated_data.end());
  fc.content = std::move(content);
  return sign_framed_content(suite(g), g.signature_priv_.reveal(), wire_format, std::move(fc),
                             g.context_);
}

MlsMessage GroupAccess::protect(Group& g, const AuthenticatedContent& content) {
  MlsMessage out;
  if (content.wire_format == WireFormat::kPublicMessage) {
    auto msg = protect_public(suite(g), content, g.context_, g.secrets_.membership_key.reveal());
    if (!msg) reject(msg.error());
    out.message = std::move(*msg);
  } else {
    PrivateProtectOptions opts;
    opts.padding = g.options_.padding;
    auto msg = protect_private(suite(g), content, *g.secret_tree_,
                               g.secrets_.sender_data_secret.reveal(), opts);
    if (!msg) reject(msg.error());
    out.message = std::move(*msg);
  }
  return out;
}

AuthenticatedContent GroupAccess::unprotect(Group& g, const MlsMessage& message) {
  if (const auto* pub = std::get_if<PublicMessage>(&message.message)) {
    if (pub->content.group_id != g.context_.group_id) throw WrongGroup("message for another group");
    if (pub->content.epoch != g.context_.epoch) throw EpochMismatch("message for another epoch");
    auto content = unprotect_public(suite(g), *pub, g.context_, g.secrets_.membership_key.reveal(),
                                    signer_lookup(g, &pub->content));
    if (!content) reject(content.error());
    return std::move(*content);
  }
  if (const auto* priv = std::get_if<PrivateMessage>(&message.message)) {
    if (priv->group_id != g.context_.group_id) throw WrongGroup("message for another group");
    if (priv->epoch != g.context_.epoch) return unprotect_past(g, *priv);
    auto content =
        unprotect_private(suite(g), *priv, g.context_, *g.secret_tree_,
                          g.secrets_.sender_data_secret.reveal(), signer_lookup(g, nullptr));
    if (!content) reject(content.error());
    return std::move(*content);
  }
  throw ProtocolError("not a PublicMessage or PrivateMessage");
}

MlsMessage Group::propose(Proposal proposal, BytesView authenticated_data) {
  GroupAccess::require_active(*this);
  AuthenticatedContent content = GroupAccess::sign(*this, Content{proposal}, authenticated_data,
                                                   options_.handshake_wire_format);
  MlsMessage out = GroupAccess::protect(*this, content);
  proposals_.push_back({make_proposal_ref(GroupAccess::suite(*this), content), std::move(proposal),
                        content.content.sender});
  return out;
}

MlsMessage Group::propose_update() {
  const crypto::SuiteAlgorithms& suite = GroupAccess::suite(*this);
  LeafNode leaf = *tree_->leaf(priv_->leaf());
  crypto::KemKeyPair keys = crypto::Dhkem(suite.kem).generate_key_pair();
  leaf.encryption_key = keys.public_key;
  leaf.source = UpdateLeafSource{};
  sign_leaf_node(suite, leaf, signature_priv_.reveal(), context_.group_id, priv_->leaf());
  MlsMessage out = propose(Proposal{Update{std::move(leaf)}});
  own_update_keys_.push_back({std::move(keys.public_key), std::move(keys.private_key)});
  return out;
}

MlsMessage Group::protect(BytesView application_data, BytesView authenticated_data) {
  GroupAccess::require_active(*this);
  ApplicationData data{Bytes(application_data.begin(), application_data.end())};
  AuthenticatedContent content = GroupAccess::sign(*this, Content{std::move(data)},
                                                   authenticated_data, WireFormat::kPrivateMessage);
  return GroupAccess::protect(*this, content);
}

Received Group::handle(const MlsMessage& message) {
  GroupAccess::require_active(*this);
  if (pending_ != nullptr && encode(message) == pending_->commit_bytes) {
    AppliedCommit summary = pending_->next.summary;
    merge_pending_commit();
    return summary;
  }
  AuthenticatedContent content = GroupAccess::unprotect(*this, message);
  switch (content.content.content_type()) {
    case ContentType::kApplication: {
      const auto* member = std::get_if<MemberSender>(&content.content.sender.value);
      if (member == nullptr || content.wire_format != WireFormat::kPrivateMessage) {
        throw ProtocolError("application data must come from a member in a PrivateMessage");
      }
      auto& data = std::get<ApplicationData>(content.content.content);
      return ReceivedApplication{content.content.epoch, member->leaf_index,
                                 std::move(data.application_data),
                                 std::move(content.content.authenticated_data)};
    }
    case ContentType::kProposal:
      return GroupAccess::handle_proposal(*this, content);
    default:
      return GroupAccess::handle_commit(*this, content);
  }
}

Received GroupAccess::handle_proposal(Group& g, const AuthenticatedContent& content) {
  const Proposal& p = std::get<Proposal>(content.content.content);
  check_proposal_sender(content.content.sender.type(), p.type());
  ProposalRef ref = make_proposal_ref(suite(g), content);
  g.proposals_.push_back({ref, p, content.content.sender});
  return ReceivedProposal{std::move(ref), p, content.content.sender};
}

}  // namespace zt::mls
