// PublicMessage protect / unprotect (RFC 9420 section 6.2).
#include "zt/crypto/secret_bytes.h"
#include "zt/mls/message_protection.h"

namespace zt::mls {
namespace {

Expected<void, MessageError> fail(MessageErrorCode code) { return unexpected(MessageError(code)); }

Expected<void, MessageError> check_group_and_epoch(const FramedContent& content,
                                                   const GroupContext& context) {
  if (content.group_id != context.group_id) return fail(MessageErrorCode::kWrongGroup);
  if (content.epoch != context.epoch) return fail(MessageErrorCode::kWrongEpoch);
  return {};
}

Expected<void, MessageError> check_confirmation_tag_presence(const AuthenticatedContent& content) {
  const bool is_commit = content.content.content_type() == ContentType::kCommit;
  if (content.auth.confirmation_tag.has_value() != is_commit)
    return fail(MessageErrorCode::kMalformed);
  return {};
}

// Group, epoch, content type, and which optional fields are present (the
// membership tag exactly for member senders).
Expected<AuthenticatedContent, MessageError> check_public_frame(const PublicMessage& message,
                                                                const GroupContext& context) {
  if (auto ok = check_group_and_epoch(message.content, context); !ok) return unexpected(ok.error());
  if (message.content.content_type() == ContentType::kApplication) {
    return unexpected(MessageError(MessageErrorCode::kApplicationAsPublic));
  }
  AuthenticatedContent content{WireFormat::kPublicMessage, message.content, message.auth};
  if (auto ok = check_confirmation_tag_presence(content); !ok) return unexpected(ok.error());
  const bool is_member = message.content.sender.type() == SenderType::kMember;
  if (message.membership_tag.has_value() != is_member) {
    return unexpected(MessageError(MessageErrorCode::kMissingMembershipTag));
  }
  return content;
}

Expected<void, MessageError> check_signature(const crypto::SuiteAlgorithms& suite,
                                             const AuthenticatedContent& content,
                                             const GroupContext& context,
                                             const SignerKeyLookup& signer_key) {
  const std::optional<SignaturePublicKey> key = signer_key(content.content.sender);
  if (!key) return fail(MessageErrorCode::kUnknownSigner);
  if (!verify_framed_content(suite, *key, content, context))
    return fail(MessageErrorCode::kBadSignature);
  return {};
}

}  // namespace

Expected<PublicMessage, MessageError> protect_public(const crypto::SuiteAlgorithms& suite,
                                                     const AuthenticatedContent& content,
                                                     const GroupContext& context,
                                                     BytesView membership_key) {
  if (content.wire_format != WireFormat::kPublicMessage)
    return unexpected(MessageError(MessageErrorCode::kMalformed));
  if (content.content.content_type() == ContentType::kApplication) {
    return unexpected(MessageError(MessageErrorCode::kApplicationAsPublic));
  }
  if (auto ok = check_confirmation_tag_presence(content); !ok) return unexpected(ok.error());
  PublicMessage out{content.content, content.auth, std::nullopt};
  if (content.content.sender.type() == SenderType::kMember) {
    out.membership_tag = membership_tag(suite, membership_key, content, context);
  }
  return out;
}

Expected<AuthenticatedContent, MessageError> unprotect_public(const crypto::SuiteAlgorithms& suite,
                                                              const PublicMessage& message,
                                                              const GroupContext& context,
                                                              BytesView membership_key,
                                                              const SignerKeyLookup& signer_key) {
  auto framed = check_public_frame(message, context);
  if (!framed) return unexpected(framed.error());
  if (message.membership_tag.has_value()) {
    const Mac expected = membership_tag(suite, membership_key, *framed, context);
    if (!crypto::constant_time_equal(expected, *message.membership_tag)) {
      return unexpected(MessageError(MessageErrorCode::kBadMembershipTag));
    }
  }
  if (auto ok = check_signature(suite, *framed, context, signer_key); !ok)
    return unexpected(ok.error());
  return framed;
}

Expected<AuthenticatedContent, MessageError> verify_public_message(
    const crypto::SuiteAlgorithms& suite, const PublicMessage& message, const GroupContext& context,
    const SignerKeyLookup& signer_key) {
  auto framed = check_public_frame(message, context);
  if (!framed) return unexpected(framed.error());
  if (auto ok = check_signature(suite, *framed, context, signer_key); !ok)
    return unexpected(ok.error());
  return framed;
}

}  // namespace zt::mls
