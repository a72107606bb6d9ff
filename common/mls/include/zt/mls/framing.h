// Message framing (RFC 9420 section 6): Sender, FramedContent, its
// authentication data, AuthenticatedContent and the structs signed or
// MACed over it (FramedContentTBS, AuthenticatedContentTBM,
// ConfirmedTranscriptHashInput).
#pragma once

#include <optional>
#include <variant>

#include "zt/mls/commit.h"
#include "zt/mls/group_context.h"
#include "zt/mls/proposal.h"
#include "zt/mls/protocol_types.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct MemberSender {
  static constexpr SenderType kSelectTag = SenderType::kMember;
  uint32_t leaf_index = 0;
  ZT_TLS_FIELDS(leaf_index)
  bool operator==(const MemberSender&) const = default;
};

struct ExternalSenderIndex {
  static constexpr SenderType kSelectTag = SenderType::kExternal;
  uint32_t sender_index = 0;
  ZT_TLS_FIELDS(sender_index)
  bool operator==(const ExternalSenderIndex&) const = default;
};

struct NewMemberProposalSender {
  static constexpr SenderType kSelectTag = SenderType::kNewMemberProposal;
  ZT_TLS_NO_FIELDS()
  bool operator==(const NewMemberProposalSender&) const = default;
};

struct NewMemberCommitSender {
  static constexpr SenderType kSelectTag = SenderType::kNewMemberCommit;
  ZT_TLS_NO_FIELDS()
  bool operator==(const NewMemberCommitSender&) const = default;
};

struct Sender {
  std::variant<MemberSender, ExternalSenderIndex, NewMemberProposalSender, NewMemberCommitSender>
      value;
  ZT_TLS_FIELDS(value)
  bool operator==(const Sender&) const = default;

  SenderType type() const { return static_cast<SenderType>(value.index() + 1); }
};

struct ApplicationData {
  static constexpr ContentType kSelectTag = ContentType::kApplication;
  Bytes application_data;
  ZT_TLS_FIELDS(application_data)
  bool operator==(const ApplicationData&) const = default;
};

// The content_type select shared by FramedContent and PrivateMessageContent.
using Content = std::variant<ApplicationData, Proposal, Commit>;

inline ContentType content_type_of(const Content& c) {
  return static_cast<ContentType>(c.index() + 1);
}

struct FramedContent {
  Bytes group_id;
  uint64_t epoch = 0;
  Sender sender;
  Bytes authenticated_data;
  Content content;
  ZT_TLS_FIELDS(group_id, epoch, sender, authenticated_data, content)
  bool operator==(const FramedContent&) const = default;

  ContentType content_type() const { return content_type_of(content); }
};

// FramedContentAuthData: confirmation_tag is on the wire only for commits,
// so its codec takes the content type of the enclosing message.
struct FramedContentAuthData {
  Bytes signature;
  std::optional<Mac> confirmation_tag;  // present iff content_type == commit
  bool operator==(const FramedContentAuthData&) const = default;
};

// Throw EncodeError if confirmation_tag presence does not match `type`.
void write_auth_data(Writer& w, const FramedContentAuthData& v, ContentType type);
void read_auth_data(Reader& r, FramedContentAuthData& v, ContentType type);

struct AuthenticatedContent {
  WireFormat wire_format = WireFormat::kPublicMessage;
  FramedContent content;
  FramedContentAuthData auth;
  bool operator==(const AuthenticatedContent&) const = default;
};
void tls_write(Writer& w, const AuthenticatedContent& v);
void tls_read(Reader& r, AuthenticatedContent& v);

// FramedContentTBS: the GroupContext is on the wire only for member and
// new_member_commit senders.
struct FramedContentTbs {
  ProtocolVersion version = ProtocolVersion::kMls10;
  WireFormat wire_format = WireFormat::kPublicMessage;
  FramedContent content;
  std::optional<GroupContext> context;
  bool operator==(const FramedContentTbs&) const = default;
};
void tls_write(Writer& w, const FramedContentTbs& v);
void tls_read(Reader& r, FramedContentTbs& v);

struct AuthenticatedContentTbm {
  FramedContentTbs content_tbs;
  FramedContentAuthData auth;
  bool operator==(const AuthenticatedContentTbm&) const = default;
};
void tls_write(Writer& w, const AuthenticatedContentTbm& v);
void tls_read(Reader& r, AuthenticatedContentTbm& v);

struct ConfirmedTranscriptHashInput {
  WireFormat wire_format = WireFormat::kPublicMessage;
  FramedContent content;  // content_type == commit
  Bytes signature;
  ZT_TLS_FIELDS(wire_format, content, signature)
  bool operator==(const ConfirmedTranscriptHashInput&) const = default;
};

}  // namespace zt::mls
