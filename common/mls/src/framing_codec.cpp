// Codecs of the framing structs whose layout depends on another field
// (RFC 9420 sections 6.1 and 6.2).
#include "zt/mls/framing.h"
#include "zt/mls/public_message.h"

namespace zt::mls {
namespace {

bool sender_has_context(SenderType type) {
  return type == SenderType::kMember || type == SenderType::kNewMemberCommit;
}

// Writes `value` iff `wanted`; an in-memory mismatch cannot be encoded.
void write_conditional(Writer& w, const std::optional<Bytes>& value, bool wanted,
                       const char* name) {
  if (value.has_value() != wanted) {
    throw EncodeError(std::string(name) + (wanted ? " is required" : " must be absent") +
                      " for this message");
  }
  if (value) w.opaque(*value);
}

void read_conditional(Reader& r, std::optional<Bytes>& value, bool wanted, const char* name) {
  value.reset();
  if (!wanted || r.failed()) return;
  tls_read(r, value.emplace());
  if (r.failed()) r.prepend_field(name);
}

}  // namespace

void write_auth_data(Writer& w, const FramedContentAuthData& v, ContentType type) {
  w.opaque(v.signature);
  write_conditional(w, v.confirmation_tag, type == ContentType::kCommit, "confirmation_tag");
}

void read_auth_data(Reader& r, FramedContentAuthData& v, ContentType type) {
  detail::ReadVisitor visitor{r};
  visitor(v.signature, "signature");
  read_conditional(r, v.confirmation_tag, type == ContentType::kCommit, "confirmation_tag");
}

namespace {

// The "auth" field of a struct, with its path on error.
void read_auth_field(Reader& r, FramedContentAuthData& v, ContentType type) {
  if (r.failed()) return;
  read_auth_data(r, v, type);
  if (r.failed()) r.prepend_field("auth");
}

}  // namespace

void tls_write(Writer& w, const AuthenticatedContent& v) {
  tls_write(w, v.wire_format);
  tls_write(w, v.content);
  write_auth_data(w, v.auth, v.content.content_type());
}

void tls_read(Reader& r, AuthenticatedContent& v) {
  detail::ReadVisitor visitor{r};
  visitor(v.wire_format, "wire_format");
  visitor(v.content, "content");
  read_auth_field(r, v.auth, v.content.content_type());
}

void tls_write(Writer& w, const FramedContentTbs& v) {
  tls_write(w, v.version);
  tls_write(w, v.wire_format);
  tls_write(w, v.content);
  bool wanted = sender_has_context(v.content.sender.type());
  if (v.context.has_value() != wanted) {
    throw EncodeError(wanted ? "FramedContentTBS needs the GroupContext for this sender"
                             : "FramedContentTBS carries no GroupContext for this sender");
  }
  if (v.context) tls_write(w, *v.context);
}

void tls_read(Reader& r, FramedContentTbs& v) {
  detail::ReadVisitor visitor{r};
  visitor(v.version, "version");
  visitor(v.wire_format, "wire_format");
  visitor(v.content, "content");
  v.context.reset();
  if (!r.failed() && sender_has_context(v.content.sender.type())) {
    visitor(v.context.emplace(), "context");
  }
}

void tls_write(Writer& w, const AuthenticatedContentTbm& v) {
  tls_write(w, v.content_tbs);
  write_auth_data(w, v.auth, v.content_tbs.content.content_type());
}

void tls_read(Reader& r, AuthenticatedContentTbm& v) {
  detail::ReadVisitor visitor{r};
  visitor(v.content_tbs, "content_tbs");
  read_auth_field(r, v.auth, v.content_tbs.content.content_type());
}

void tls_write(Writer& w, const PublicMessage& v) {
  tls_write(w, v.content);
  write_auth_data(w, v.auth, v.content.content_type());
  write_conditional(w, v.membership_tag, v.content.sender.type() == SenderType::kMember,
                    "membership_tag");
}

void tls_read(Reader& r, PublicMessage& v) {
  detail::ReadVisitor visitor{r};
  visitor(v.content, "content");
  read_auth_field(r, v.auth, v.content.content_type());
  read_conditional(r, v.membership_tag, v.content.sender.type() == SenderType::kMember,
                   "membership_tag");
}

}  // namespace zt::mls
