// STUN messages (RFC 5389) as an ICE-lite agent (RFC 8445) sees them:
// a zero-copy view of a parsed message. Parsing checks every length before
// reading and never allocates; it is safe on any input (fuzzed).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"

namespace zt::stun {

constexpr uint32_t kMagicCookie = 0x2112A442;
constexpr size_t kHeaderSize = 20;
constexpr size_t kIntegritySize = 20;

constexpr uint16_t kBindingRequest = 0x0001;
constexpr uint16_t kBindingSuccess = 0x0101;
constexpr uint16_t kBindingError = 0x0111;
constexpr uint16_t kBindingIndication = 0x0011;

enum class Attr : uint16_t {
  kMappedAddress = 0x0001,
  kUsername = 0x0006,
  kMessageIntegrity = 0x0008,
  kErrorCode = 0x0009,
  kXorMappedAddress = 0x0020,
  kPriority = 0x0024,
  kUseCandidate = 0x0025,
  kFingerprint = 0x8028,
  kIceControlled = 0x8029,
  kIceControlling = 0x802A,
};

enum class ParseError : uint8_t {
  kTruncated,         // shorter than its header or its declared length
  kNotStun,           // top bits or magic cookie wrong
  kBadLength,         // length not a multiple of 4, or past the end
  kBadAttribute,      // an attribute overruns the message or has a bad size
  kBadFingerprint,    // FINGERPRINT present and wrong, or not last
};

const char* to_string(ParseError e);

using TransactionId = std::array<uint8_t, 12>;

// A transport address, independent of socket headers.
struct Address {
  enum class Family : uint8_t { kIpv4 = 1, kIpv6 = 2 };
  Family family = Family::kIpv4;
  std::array<uint8_t, 16> ip{};  // first 4 bytes used for IPv4, network order
  uint16_t port = 0;             // host order
};

struct MessageView {
  BytesView raw;                  // the whole message
  uint16_t type = 0;
  TransactionId transaction_id{};
  std::string_view username;      // empty if absent
  size_t integrity_offset = 0;    // offset of the MESSAGE-INTEGRITY attribute, 0 if absent
  bool has_fingerprint = false;   // checked during parse when present
  bool use_candidate = false;
  bool ice_controlling = false;
  uint32_t priority = 0;
  bool has_xor_mapped_address = false;
  Address xor_mapped_address;

  bool has_integrity() const { return integrity_offset != 0; }
};

// RFC 7983: the first byte of a STUN message is 0..3; we also require the
// magic cookie so that nothing else is mistaken for STUN.
bool looks_like_stun(BytesView packet);

// Parses `packet` (exactly one message, no trailing bytes). A FINGERPRINT, if
// present, must be the last attribute and must match.
Expected<MessageView, ParseError> parse(BytesView packet);

}  // namespace zt::stun
