// What one subscriber receives of one track: the layer it is on, the layer
// it should move to, and the SSRC / sequence / timestamp rewriting that makes
// a layer switch look like one continuous stream. Switches happen only at
// the start of an independent (key) frame of the target layer.
#pragma once

#include <chrono>
#include <cstdint>

namespace zt::sfu {

// What the router learned from one RTP packet's header.
struct PacketInfo {
  uint8_t layer = 0;          // simulcast layer (index of the SSRC in the track)
  bool switch_point = false;  // start of a key frame, or any audio packet
  bool has_temporal = false;
  uint8_t temporal_id = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  std::chrono::steady_clock::time_point now;
};

class SubscriberStream {
 public:
  enum class Decision : uint8_t { kForward, kDrop, kDropWantKeyFrame };

  SubscriberStream(uint32_t out_ssrc, uint32_t clock_rate, uint8_t layer_count, uint8_t max_layer,
                   uint8_t max_temporal = 7);

  Decision decide(const PacketInfo& p);
  uint16_t out_sequence(uint16_t in) const { return static_cast<uint16_t>(in - seq_offset_); }
  uint32_t out_timestamp(uint32_t in) const { return in - ts_offset_; }
  // The publisher's sequence number behind one we sent (for NACKs).
  uint16_t in_sequence(uint16_t out) const { return static_cast<uint16_t>(out + seq_offset_); }

  void set_max_layer(uint8_t max_layer);
  uint8_t max_layer() const { return target_; }
  int current_layer() const { return current_; }
  uint32_t out_ssrc() const { return out_ssrc_; }

 private:
  void switch_to(const PacketInfo& p);
  void note_sent(const PacketInfo& p);

  uint32_t out_ssrc_;
  uint32_t clock_rate_;
  uint8_t layer_count_;
  uint8_t target_;
  uint8_t max_temporal_;
  int current_ = -1;
  uint16_t seq_offset_ = 0;
  uint32_t ts_offset_ = 0;
  uint16_t last_out_seq_ = 0;
  uint32_t last_out_ts_ = 0;
  std::chrono::steady_clock::time_point last_out_time_;
};

}  // namespace zt::sfu
