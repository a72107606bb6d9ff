// Why an RTP packet or header extension was refused. Parsers return these
// (no exceptions on the media path); callers count drops by reason.
#pragma once

namespace zt::rtp {

enum class RtpError {
  kTruncated,            // a length field points past the end of the buffer
  kBadVersion,           // RTP version is not 2
  kBadPadding,           // padding count is zero or larger than the payload
  kBadExtension,         // malformed RFC 8285 header extension block
  kBufferTooSmall,       // the caller's output buffer cannot hold the result
  kInvalidArgument,      // a value cannot be encoded (bad id, size, field range)
  kMissingFrameMarking,  // a video packet without the frame-marking extension
  kFrameTooLarge,        // a reassembled frame exceeds the configured limit
  kLatePacket,           // a packet for a frame already completed or abandoned
  kDuplicatePacket,      // the same sequence number twice within one frame
};

// A stable lower-case name, usable as a metric label.
const char* to_string(RtpError error);

}  // namespace zt::rtp
