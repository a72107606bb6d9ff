// The frame-marking RTP header extension (draft-ietf-avtext-framemarking),
// one-byte form. The SFU reads it to pick layers without decrypting:
//   long form  (L=2, 3 data bytes): |S|E|I|D|B| TID |  LID  | TL0PICIDX |
//   short form (L=0, 1 data byte):  |S|E|I|D|0 0 0 0|   (non-scalable streams)
// S start of frame, E end of frame, I independent (key) frame, D discardable,
// B base-layer sync, TID temporal layer id (0-7), LID spatial/quality layer id.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/rtp/error.h"

namespace zt::rtp {

// The extension id zt media uses for frame marking (docs/media-format.md).
inline constexpr uint8_t kFrameMarkingExtensionId = 1;
inline constexpr size_t kFrameMarkingShortSize = 1;
inline constexpr size_t kFrameMarkingLongSize = 3;
inline constexpr uint8_t kMaxTemporalId = 7;

struct FrameMarking {
  bool start_of_frame = false;
  bool end_of_frame = false;
  bool independent = false;
  bool discardable = false;
  bool base_layer_sync = false;
  uint8_t temporal_id = 0;
  uint8_t layer_id = 0;
  uint8_t tl0_pic_idx = 0;
  bool scalable = true;  // long form; false selects the 1-byte short form

  bool operator==(const FrameMarking&) const = default;
};

// Accepts the 1-byte and the 3-byte forms; any other length is an error.
Expected<FrameMarking, RtpError> parse_frame_marking(BytesView data);

// Size of the encoding of `marking` (1 or 3 bytes).
inline size_t frame_marking_size(const FrameMarking& marking) {
  return marking.scalable ? kFrameMarkingLongSize : kFrameMarkingShortSize;
}

// Writes the extension data (not the id/length byte); returns bytes written.
Expected<size_t, RtpError> write_frame_marking(const FrameMarking& marking, MutableBytesView out);

}  // namespace zt::rtp
