// RTCP (RFC 3550 section 6, RFC 4585, RFC 5104): a reader that splits a
// compound packet into its parts, checking every length first, and typed
// views of the parts an SFU acts on. No allocation, no exceptions.
#pragma once

#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"

namespace zt::rtcp {

constexpr size_t kCommonHeaderSize = 4;
constexpr size_t kReportBlockSize = 24;

enum class PacketType : uint8_t {
  kSenderReport = 200,
  kReceiverReport = 201,
  kSdes = 202,
  kBye = 203,
  kApp = 204,
  kTransportFeedback = 205,  // RTPFB
  kPayloadFeedback = 206,    // PSFB
};

constexpr uint8_t kFmtGenericNack = 1;  // RTPFB
constexpr uint8_t kFmtPli = 1;          // PSFB
constexpr uint8_t kFmtFir = 4;          // PSFB

enum class RtcpError : uint8_t {
  kTruncated,       // shorter than a header, or a length past the end
  kBadVersion,      // version is not 2
  kBadLength,       // a part too short for what its header claims
  kBadPadding,      // padding count zero or larger than the part
  kBufferTooSmall,  // builder: the output buffer cannot hold the packet
  kInvalidArgument, // builder: a count does not fit its field
};

// A stable lower-case name, usable as a metric label.
const char* to_string(RtcpError error);

// True when the first two bytes look like RTCP rather than RTP (RFC 5761
// section 4: payload types 192..223 are RTCP).
bool looks_like_rtcp(BytesView packet);

// One part of a compound packet.
struct PacketView {
  uint8_t type = 0;   // PacketType value
  uint8_t count = 0;  // RC / SC / FMT
  BytesView body;     // after the 4-byte common header, padding removed
  BytesView raw;      // the whole part, header included
};

// Walks a compound packet part by part.
class CompoundReader {
 public:
  explicit CompoundReader(BytesView compound) : rest_(compound) {}

  // Fills `out` with the next part; false at the end or on an error.
  bool next(PacketView& out);
  bool failed() const { return failed_; }
  RtcpError error() const { return error_; }

 private:
  bool fail(RtcpError e);

  BytesView rest_;
  bool failed_ = false;
  RtcpError error_ = RtcpError::kTruncated;
};

// Checks every part of `compound`; returns the number of parts.
Expected<size_t, RtcpError> validate_compound(BytesView compound);

}  // namespace zt::rtcp
