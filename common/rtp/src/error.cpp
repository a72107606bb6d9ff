#include "zt/rtp/error.h"

namespace zt::rtp {

const char* to_string(RtpError error) {
  switch (error) {
    case RtpError::kTruncated:
      return "truncated";
    case RtpError::kBadVersion:
      return "bad_version";
    case RtpError::kBadPadding:
      return "bad_padding";
    case RtpError::kBadExtension:
      return "bad_extension";
    case RtpError::kBufferTooSmall:
      return "buffer_too_small";
    case RtpError::kInvalidArgument:
      return "invalid_argument";
    case RtpError::kMissingFrameMarking:
      return "missing_frame_marking";
    case RtpError::kFrameTooLarge:
      return "frame_too_large";
    case RtpError::kLatePacket:
      return "late_packet";
    case RtpError::kDuplicatePacket:
      return "duplicate_packet";
  }
  return "unknown";
}

}  // namespace zt::rtp
