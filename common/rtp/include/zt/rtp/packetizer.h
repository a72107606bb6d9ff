// Packetization of SFrame ciphertexts into RTP (docs/media-format.md).
// Audio: one RTP packet per SFrame ciphertext. Video: one SFrame ciphertext
// per encoded frame, split into packets of at most `mtu` bytes, each carrying
// the plaintext frame-marking extension, the marker bit on the last one.
// Packets are written into a buffer owned by the packetizer (allocated once)
// and handed to a sink as views; nothing is allocated per frame.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/rtp/error.h"
#include "zt/rtp/frame_marking.h"
#include "zt/rtp/packet.h"

namespace zt::rtp {

inline constexpr size_t kDefaultMtu = 1200;

struct PacketizerConfig {
  size_t mtu = kDefaultMtu;  // whole RTP packet, header included
  uint8_t payload_type = 96;
  uint32_t ssrc = 0;
  uint16_t first_sequence = 0;
  uint8_t frame_marking_id = kFrameMarkingExtensionId;
};

// Layer information of one video frame; S and E are set per packet.
struct FrameInfo {
  bool key_frame = false;
  bool discardable = false;
  bool base_layer_sync = false;
  uint8_t temporal_id = 0;
  uint8_t layer_id = 0;
  uint8_t tl0_pic_idx = 0;
  bool scalable = true;
};

class VideoPacketizer {
 public:
  explicit VideoPacketizer(PacketizerConfig config);

  // Largest payload one packet can carry.
  size_t max_payload() const { return max_payload_; }

  // Number of packets a frame of `size` bytes becomes.
  size_t packet_count(size_t size) const { return (size + max_payload_ - 1) / max_payload_; }

  // Splits `frame` (one SFrame ciphertext) into packets of near-equal size
  // and calls sink(BytesView packet) for each, in sequence order. The view is
  // valid only during the call.
  template <class Sink>
  Expected<size_t, RtpError> packetize(BytesView frame, uint32_t timestamp, const FrameInfo& info,
                                       Sink&& sink) {
    if (frame.empty() || max_payload_ == 0) return unexpected(RtpError::kInvalidArgument);
    size_t count = packet_count(frame.size());
    size_t offset = 0;
    for (size_t i = 0; i < count; ++i) {
      size_t chunk = frame.size() / count + (i < frame.size() % count ? 1 : 0);
      auto size =
          write_packet(frame.subspan(offset, chunk), timestamp, info, i == 0, i + 1 == count);
      if (!size) return size;
      sink(BytesView(buffer_.data(), *size));
      offset += chunk;
    }
    return count;
  }

  uint16_t next_sequence() const { return sequence_; }

 private:
  Expected<size_t, RtpError> write_packet(BytesView chunk, uint32_t timestamp,
                                          const FrameInfo& info, bool first, bool last);

  PacketizerConfig config_;
  size_t max_payload_ = 0;
  uint16_t sequence_ = 0;
  Bytes buffer_;
};

// Audio: each SFrame ciphertext is exactly one RTP payload, no frame marking.
class AudioPacketizer {
 public:
  explicit AudioPacketizer(PacketizerConfig config);

  // Writes one packet into `out`; returns its size. `marker` follows RFC 3551
  // (first packet of a talkspurt).
  Expected<size_t, RtpError> write(BytesView sframe_ciphertext, uint32_t timestamp, bool marker,
                                   MutableBytesView out);

  uint16_t next_sequence() const { return sequence_; }

 private:
  PacketizerConfig config_;
  uint16_t sequence_ = 0;
};

}  // namespace zt::rtp
