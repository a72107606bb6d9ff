// PublicMessage (RFC 9420 section 6.2).
#pragma once

#include <optional>

#include "zt/mls/framing.h"
#include "zt/mls/tls_codec.h"

namespace zt::mls {

struct PublicMessage {
  static constexpr WireFormat kSelectTag = WireFormat::kPublicMessage;  // in MlsMessage
  FramedContent content;
  FramedContentAuthData auth;
  std::optional<Mac> membership_tag;  // present iff the sender is a member
  bool operator==(const PublicMessage&) const = default;
};

void tls_write(Writer& w, const PublicMessage& v);
void tls_read(Reader& r, PublicMessage& v);

}  // namespace zt::mls
