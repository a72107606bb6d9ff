// MLSMessage (RFC 9420 section 6): the top-level wire message, and a header
// that includes every wire struct.
#pragma once

#include <variant>

#include "zt/mls/group_context.h"
#include "zt/mls/key_package.h"
#include "zt/mls/private_message.h"
#include "zt/mls/public_message.h"
#include "zt/mls/tls_codec.h"
#include "zt/mls/welcome.h"

namespace zt::mls {

struct MlsMessage {
  ProtocolVersion version = ProtocolVersion::kMls10;
  std::variant<PublicMessage, PrivateMessage, Welcome, GroupInfo, KeyPackage> message;
  ZT_TLS_FIELDS(version, message)
  bool operator==(const MlsMessage&) const = default;

  WireFormat wire_format() const { return static_cast<WireFormat>(message.index() + 1); }
};

}  // namespace zt::mls
