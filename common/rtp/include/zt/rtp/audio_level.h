// The client-to-mixer audio level RTP header extension (RFC 6464): one data
// byte |V| level |, V the sender's voice-activity flag, level the audio
// level in -dBov (0 loudest, 127 silence or muted). It is carried in either
// RFC 8285 form: one-byte element with L=0, or two-byte element of length 1
// (the header-extension walker in header_extension.h handles both). The SFU
// reads it in the clear, next to the SFrame payload, to find who speaks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/rtp/error.h"

namespace zt::rtp {

// The extension id zt media uses for the audio level (docs/media-format.md).
inline constexpr uint8_t kAudioLevelExtensionId = 2;
inline constexpr size_t kAudioLevelSize = 1;
inline constexpr uint8_t kAudioLevelSilence = 127;  // -127 dBov and below

struct AudioLevel {
  bool voice = false;   // V: the sender's voice activity detector says speech
  uint8_t level = kAudioLevelSilence;  // -dBov, 0..127

  bool operator==(const AudioLevel&) const = default;
};

// Exactly one data byte; any other length is RtpError::kBadExtension.
Expected<AudioLevel, RtpError> parse_audio_level(BytesView data);

// Writes the data byte (not the element header); level must be <= 127.
Expected<size_t, RtpError> write_audio_level(const AudioLevel& level, MutableBytesView out);

}  // namespace zt::rtp
