// MESSAGE-INTEGRITY (RFC 5389 section 15.4) with short-term credentials:
// HMAC-SHA1 keyed with the ICE password over the message up to the attribute,
// the header length adjusted to end after it. The HMAC itself comes from the
// caller (common/crypto), so this library stays free of OpenSSL.
#pragma once

#include <array>

#include "zt/base/bytes.h"
#include "zt/stun/message.h"

namespace zt::stun {

using Sha1Tag = std::array<uint8_t, 20>;

// HMAC-SHA1 keyed with one ICE password, over `header || body`. The SFU keeps
// one per transport (common/crypto's HmacContext behind it); not thread-safe.
class IntegrityKey {
 public:
  virtual ~IntegrityKey() = default;
  virtual Sha1Tag mac(BytesView header, BytesView body) = 0;
};

// The tag a message must carry when MESSAGE-INTEGRITY starts at
// `integrity_offset` of `message` (bytes before it are covered).
Sha1Tag integrity_tag(BytesView message, size_t integrity_offset, IntegrityKey& key);

// True when `view` has MESSAGE-INTEGRITY and it matches `key` (compared in
// constant time).
bool verify_integrity(const MessageView& view, IntegrityKey& key);

}  // namespace zt::stun
