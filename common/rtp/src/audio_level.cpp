#include "zt/rtp/audio_level.h"

namespace zt::rtp {
namespace {

constexpr uint8_t kVoiceBit = 0x80;
constexpr uint8_t kLevelMask = 0x7F;

}  // namespace

Expected<AudioLevel, RtpError> parse_audio_level(BytesView data) {
  if (data.size() != kAudioLevelSize) return unexpected(RtpError::kBadExtension);
  return AudioLevel{(data[0] & kVoiceBit) != 0, static_cast<uint8_t>(data[0] & kLevelMask)};
}

Expected<size_t, RtpError> write_audio_level(const AudioLevel& level, MutableBytesView out) {
  if (level.level > kAudioLevelSilence) return unexpected(RtpError::kInvalidArgument);
  if (out.size() < kAudioLevelSize) return unexpected(RtpError::kBufferTooSmall);
  out[0] = static_cast<uint8_t>((level.voice ? kVoiceBit : 0) | level.level);
  return kAudioLevelSize;
}

}  // namespace zt::rtp
