#include "zt/rtp/frame_marking.h"

namespace zt::rtp {
namespace {

constexpr uint8_t kStartBit = 0x80;
constexpr uint8_t kEndBit = 0x40;
constexpr uint8_t kIndependentBit = 0x20;
constexpr uint8_t kDiscardableBit = 0x10;
constexpr uint8_t kBaseSyncBit = 0x08;
constexpr uint8_t kTidMask = 0x07;

}  // namespace

Expected<FrameMarking, RtpError> parse_frame_marking(BytesView data) {
  if (data.size() != kFrameMarkingShortSize && data.size() != kFrameMarkingLongSize) {
    return unexpected(RtpError::kBadExtension);
  }
  FrameMarking m;
  uint8_t b = data[0];
  m.start_of_frame = (b & kStartBit) != 0;
  m.end_of_frame = (b & kEndBit) != 0;
  m.independent = (b & kIndependentBit) != 0;
  m.discardable = (b & kDiscardableBit) != 0;
  m.scalable = data.size() == kFrameMarkingLongSize;
  if (m.scalable) {  // the short form's low bits are reserved and ignored
    m.base_layer_sync = (b & kBaseSyncBit) != 0;
    m.temporal_id = b & kTidMask;
    m.layer_id = data[1];
    m.tl0_pic_idx = data[2];
  }
  return m;
}

Expected<size_t, RtpError> write_frame_marking(const FrameMarking& m, MutableBytesView out) {
  if (m.temporal_id > kMaxTemporalId) return unexpected(RtpError::kInvalidArgument);
  if (!m.scalable && (m.base_layer_sync || m.temporal_id || m.layer_id || m.tl0_pic_idx)) {
    return unexpected(RtpError::kInvalidArgument);
  }
  size_t size = frame_marking_size(m);
  if (out.size() < size) return unexpected(RtpError::kBufferTooSmall);
  uint8_t b = (m.start_of_frame ? kStartBit : 0) | (m.end_of_frame ? kEndBit : 0) |
              (m.independent ? kIndependentBit : 0) | (m.discardable ? kDiscardableBit : 0);
  if (m.scalable) {
    b |= (m.base_layer_sync ? kBaseSyncBit : 0) | m.temporal_id;
    out[1] = m.layer_id;
    out[2] = m.tl0_pic_idx;
  }
  out[0] = b;
  return size;
}

}  // namespace zt::rtp
