// Reassembles video frames (one SFrame ciphertext each) from RTP packets of
// one SSRC. Packets of a frame share the RTP timestamp; the frame-marking S
// bit marks the first, E (or the RTP marker) the last. Packets may arrive in
// any order within a frame; a frame with a missing packet is dropped when a
// packet of a newer frame arrives. Buffers are allocated once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/rtp/error.h"
#include "zt/rtp/frame_marking.h"
#include "zt/rtp/packet.h"

namespace zt::rtp {

struct AssemblerConfig {
  size_t max_frame_size = 1 << 20;
  size_t max_packets_per_frame = 1024;
  uint8_t frame_marking_id = kFrameMarkingExtensionId;
};

struct AssembledFrame {
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
  FrameMarking marking;  // of the first packet (S set, E as sent)
  BytesView data;        // valid until the next push()
};

class FrameAssembler {
 public:
  explicit FrameAssembler(AssemblerConfig config = {});

  // Feeds one packet. Returns the completed frame, nullopt while a frame is
  // still incomplete, or an error for a packet that cannot be used.
  Expected<std::optional<AssembledFrame>, RtpError> push(const RtpPacketView& packet);

  uint64_t frames_completed() const { return frames_completed_; }
  uint64_t frames_dropped() const { return frames_dropped_; }

 private:
  struct Fragment {
    uint16_t sequence;
    size_t offset;
    size_t size;
  };

  void start_frame(uint32_t timestamp, uint32_t ssrc);
  void abandon_frame();
  Expected<void, RtpError> add_fragment(uint16_t sequence, BytesView payload);
  std::optional<AssembledFrame> try_complete();

  AssemblerConfig config_;
  bool active_ = false;
  uint32_t timestamp_ = 0;
  uint32_t ssrc_ = 0;
  std::optional<uint32_t> last_finished_timestamp_;
  std::optional<uint16_t> first_sequence_;
  std::optional<uint16_t> last_sequence_;
  FrameMarking first_marking_;
  std::vector<Fragment> fragments_;
  Bytes staging_;
  size_t staged_ = 0;
  Bytes frame_;
  uint64_t frames_completed_ = 0;
  uint64_t frames_dropped_ = 0;
};

}  // namespace zt::rtp
