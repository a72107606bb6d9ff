#include "zt/rtp/packetizer.h"

#include <array>
#include <cstring>

namespace zt::rtp {
namespace {

FrameMarking marking_for(const FrameInfo& info, bool first, bool last) {
  FrameMarking m;
  m.start_of_frame = first;
  m.end_of_frame = last;
  m.independent = info.key_frame;
  m.discardable = info.discardable;
  m.scalable = info.scalable;
  if (info.scalable) {
    m.base_layer_sync = info.base_layer_sync;
    m.temporal_id = info.temporal_id;
    m.layer_id = info.layer_id;
    m.tl0_pic_idx = info.tl0_pic_idx;
  }
  return m;
}

// Header size with a long-form frame-marking element (the larger of the two).
size_t video_header_size(uint8_t extension_id) {
  std::array<uint8_t, kFrameMarkingLongSize> data{};
  HeaderExtension ext{extension_id, data};
  auto size = rtp_header_size({}, std::span<const HeaderExtension>(&ext, 1));
  return size ? *size : 0;
}

}  // namespace

VideoPacketizer::VideoPacketizer(PacketizerConfig config)
    : config_(config), sequence_(config.first_sequence), buffer_(config.mtu) {
  size_t header = video_header_size(config.frame_marking_id);
  max_payload_ = header != 0 && config.mtu > header ? config.mtu - header : 0;
}

Expected<size_t, RtpError> VideoPacketizer::write_packet(BytesView chunk, uint32_t timestamp,
                                                         const FrameInfo& info, bool first,
                                                         bool last) {
  std::array<uint8_t, kFrameMarkingLongSize> marking_bytes{};
  auto marking_size = write_frame_marking(marking_for(info, first, last), marking_bytes);
  if (!marking_size) return marking_size;
  HeaderExtension ext{config_.frame_marking_id, BytesView(marking_bytes.data(), *marking_size)};
  RtpHeader header{last, config_.payload_type, sequence_, timestamp, config_.ssrc};
  auto size = write_rtp_packet(header, std::span<const HeaderExtension>(&ext, 1), chunk, buffer_);
  if (size) ++sequence_;
  return size;
}

AudioPacketizer::AudioPacketizer(PacketizerConfig config)
    : config_(config), sequence_(config.first_sequence) {}

Expected<size_t, RtpError> AudioPacketizer::write(BytesView sframe_ciphertext, uint32_t timestamp,
                                                  bool marker, MutableBytesView out) {
  if (sframe_ciphertext.empty()) return unexpected(RtpError::kInvalidArgument);
  if (kFixedHeaderSize + sframe_ciphertext.size() > config_.mtu) {
    return unexpected(RtpError::kFrameTooLarge);
  }
  RtpHeader header{marker, config_.payload_type, sequence_, timestamp, config_.ssrc};
  auto size = write_rtp_packet(header, {}, sframe_ciphertext, out);
  if (size) ++sequence_;
  return size;
}

}  // namespace zt::rtp
