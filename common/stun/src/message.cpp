#include "zt/stun/message.h"

#include <cstring>

#include "wire.h"
#include "zt/stun/fingerprint.h"

namespace zt::stun {
namespace {

bool parse_xor_address(const uint8_t* v, size_t len, const uint8_t* header, Address& out) {
  if (len < 8 || v[0] != 0) return false;
  out.port = static_cast<uint16_t>(wire::load16(v + 2) ^ (kMagicCookie >> 16));
  if (v[1] == 1 && len == 8) {
    out.family = Address::Family::kIpv4;
    for (size_t i = 0; i < 4; ++i) out.ip[i] = v[4 + i] ^ header[4 + i];
    return true;
  }
  if (v[1] == 2 && len == 20) {
    out.family = Address::Family::kIpv6;
    for (size_t i = 0; i < 16; ++i) out.ip[i] = v[4 + i] ^ header[4 + i];  // cookie then transaction id
    return true;
  }
  return false;
}

// Applies one attribute to `m`; false when its value is malformed.
bool apply_attribute(MessageView& m, uint16_t type, const uint8_t* v, size_t len, size_t offset) {
  const uint8_t* base = m.raw.data();
  switch (static_cast<Attr>(type)) {
    case Attr::kUsername:
      if (len > 513) return false;
      m.username = std::string_view(reinterpret_cast<const char*>(v), len);
      return true;
    case Attr::kMessageIntegrity:
      if (len != kIntegritySize) return false;
      m.integrity_offset = offset;
      return true;
    case Attr::kFingerprint: {
      if (len != 4 || offset + 8 != m.raw.size()) return false;
      if (wire::load32(v) != fingerprint_value(m.raw, offset)) return false;
      m.has_fingerprint = true;
      return true;
    }
    case Attr::kPriority:
      if (len != 4) return false;
      m.priority = wire::load32(v);
      return true;
    case Attr::kUseCandidate:
      m.use_candidate = true;
      return len == 0;
    case Attr::kIceControlling:
      m.ice_controlling = true;
      return len == 8;
    case Attr::kXorMappedAddress:
      m.has_xor_mapped_address = parse_xor_address(v, len, base, m.xor_mapped_address);
      return m.has_xor_mapped_address;
    default:
      return true;  // unknown comprehension-optional or ignored attributes
  }
}

}  // namespace

const char* to_string(ParseError e) {
  switch (e) {
    case ParseError::kTruncated: return "truncated";
    case ParseError::kNotStun: return "not_stun";
    case ParseError::kBadLength: return "bad_length";
    case ParseError::kBadAttribute: return "bad_attribute";
    case ParseError::kBadFingerprint: return "bad_fingerprint";
  }
  return "unknown";
}

bool looks_like_stun(BytesView p) {
  return p.size() >= kHeaderSize && p[0] < 4 && wire::load32(p.data() + 4) == kMagicCookie;
}

Expected<MessageView, ParseError> parse(BytesView packet) {
  if (packet.size() < kHeaderSize) return unexpected(ParseError::kTruncated);
  const uint8_t* p = packet.data();
  if ((p[0] & 0xC0) != 0 || wire::load32(p + 4) != kMagicCookie) return unexpected(ParseError::kNotStun);
  size_t length = wire::load16(p + 2);
  if (length % 4 != 0) return unexpected(ParseError::kBadLength);
  if (kHeaderSize + length != packet.size()) {
    return unexpected(kHeaderSize + length > packet.size() ? ParseError::kTruncated : ParseError::kBadLength);
  }
  MessageView m;
  m.raw = packet;
  m.type = wire::load16(p);
  std::memcpy(m.transaction_id.data(), p + 8, m.transaction_id.size());
  size_t off = kHeaderSize;
  while (off < packet.size()) {
    if (packet.size() - off < 4) return unexpected(ParseError::kBadAttribute);
    uint16_t type = wire::load16(p + off);
    size_t len = wire::load16(p + off + 2);
    if (wire::padded(len) > packet.size() - off - 4) return unexpected(ParseError::kBadAttribute);
    bool after_integrity = m.has_integrity() && type != static_cast<uint16_t>(Attr::kFingerprint);
    if (!after_integrity && !apply_attribute(m, type, p + off + 4, len, off)) {
      return unexpected(type == static_cast<uint16_t>(Attr::kFingerprint) ? ParseError::kBadFingerprint
                                                                           : ParseError::kBadAttribute);
    }
    off += 4 + wire::padded(len);
  }
  return m;
}

}  // namespace zt::stun
