// PrivateMessageContent (RFC 9420 section 6.3.1): content without its tag,
// auth, then zero padding up to the end of the plaintext.
#include <algorithm>

#include "zt/mls/private_message.h"

namespace zt::mls {

void tls_write(Writer& w, const PrivateMessageContent& v) {
  std::visit([&](const auto& alt) { tls_write(w, alt); }, v.content);
  write_auth_data(w, v.auth, content_type_of(v.content));
  Bytes zeros(v.padding_length, 0);
  w.raw(zeros);
}

Expected<PrivateMessageContent, DecodeError> decode_private_message_content(BytesView data,
                                                                            ContentType type) {
  Reader r(data);
  PrivateMessageContent out;
  detail::ReadVisitor visitor{r};
  switch (type) {
    case ContentType::kApplication:
      visitor(out.content.emplace<ApplicationData>(), "application_data");
      break;
    case ContentType::kProposal:
      visitor(out.content.emplace<Proposal>(), "proposal");
      break;
    case ContentType::kCommit:
      visitor(out.content.emplace<Commit>(), "commit");
      break;
    default:
      r.fail(DecodeErrorKind::kInvalidEnum);
      r.prepend_field("content_type");
      break;
  }
  if (!r.failed()) {
    read_auth_data(r, out.auth, type);
    if (r.failed()) r.prepend_field("auth");
  }
  if (!r.failed()) {
    size_t start = r.offset();
    BytesView padding = r.take(r.remaining());
    auto bad = std::find_if(padding.begin(), padding.end(), [](uint8_t b) { return b != 0; });
    if (bad != padding.end()) {
      r.fail_at(DecodeErrorKind::kNonZeroPadding,
                start + static_cast<size_t>(bad - padding.begin()));
      r.prepend_field("padding");
    }
    out.padding_length = padding.size();
  }
  if (r.failed()) return unexpected(r.error());
  return out;
}

}  // namespace zt::mls
