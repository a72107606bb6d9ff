// FramedContent signature and membership tag (RFC 9420 sections 6.1, 6.2).
#include "zt/crypto/hmac.h"
#include "zt/mls/message_protection.h"

namespace zt::mls {
namespace {

constexpr std::string_view kTbsLabel = "FramedContentTBS";

bool sender_signs_context(SenderType type) {
  return type == SenderType::kMember || type == SenderType::kNewMemberCommit;
}

void write_tbs(Writer& w, WireFormat wire_format, const FramedContent& content,
               const GroupContext& context) {
  tls_write(w, ProtocolVersion::kMls10);
  tls_write(w, wire_format);
  tls_write(w, content);
  if (sender_signs_context(content.sender.type())) tls_write(w, context);
}

}  // namespace

Bytes framed_content_tbs(WireFormat wire_format, const FramedContent& content,
                         const GroupContext& context) {
  Bytes out;
  Writer w(out);
  write_tbs(w, wire_format, content, context);
  return out;
}

AuthenticatedContent sign_framed_content(const crypto::SuiteAlgorithms& suite,
                                         BytesView signature_private_key, WireFormat wire_format,
                                         FramedContent content, const GroupContext& context) {
  AuthenticatedContent out;
  out.wire_format = wire_format;
  out.auth.signature = sign_with_label(suite, signature_private_key, kTbsLabel,
                                       framed_content_tbs(wire_format, content, context));
  out.content = std::move(content);
  return out;
}

bool verify_framed_content(const crypto::SuiteAlgorithms& suite, BytesView signature_public_key,
                           const AuthenticatedContent& content, const GroupContext& context) {
  return verify_with_label(suite, signature_public_key, kTbsLabel,
                           framed_content_tbs(content.wire_format, content.content, context),
                           content.auth.signature);
}

Mac membership_tag(const crypto::SuiteAlgorithms& suite, BytesView membership_key,
                   const AuthenticatedContent& content, const GroupContext& context) {
  Bytes tbm;
  Writer w(tbm);
  write_tbs(w, content.wire_format, content.content, context);
  write_auth_data(w, content.auth, content.content.content_type());
  return crypto::hmac(suite.hash, membership_key, tbm);
}

}  // namespace zt::mls
