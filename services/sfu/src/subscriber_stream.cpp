#include "subscriber_stream.h"

#include <algorithm>

namespace zt::sfu {

SubscriberStream::SubscriberStream(uint32_t out_ssrc, uint32_t clock_rate, uint8_t layer_count, uint8_t max_layer,
                                   uint8_t max_temporal)
    : out_ssrc_(out_ssrc),
      clock_rate_(clock_rate),
      layer_count_(layer_count == 0 ? 1 : layer_count),
      target_(std::min<uint8_t>(max_layer, static_cast<uint8_t>(layer_count_ - 1))),
      max_temporal_(max_temporal) {}

void SubscriberStream::set_max_layer(uint8_t max_layer) {
  target_ = std::min<uint8_t>(max_layer, static_cast<uint8_t>(layer_count_ - 1));
}

SubscriberStream::Decision SubscriberStream::decide(const PacketInfo& p) {
  if (p.layer != current_) {
    if (p.layer != target_) return Decision::kDrop;
    if (!p.switch_point) return Decision::kDropWantKeyFrame;
    switch_to(p);
  } else if (p.has_temporal && p.temporal_id > max_temporal_) {
    ++seq_offset_;  // the receiver must not see a gap for a packet we filter
    return Decision::kDrop;
  }
  note_sent(p);
  return Decision::kForward;
}

void SubscriberStream::switch_to(const PacketInfo& p) {
  if (current_ >= 0) {
    // Continue right after the last packet sent, and advance the timestamp
    // by the wall time since then (at least one tick).
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(p.now - last_out_time_).count();
    uint64_t ticks = elapsed > 0 ? static_cast<uint64_t>(elapsed) * clock_rate_ / 1000000 : 0;
    if (ticks == 0) ticks = 1;
    seq_offset_ = static_cast<uint16_t>(p.sequence - static_cast<uint16_t>(last_out_seq_ + 1));
    ts_offset_ = p.timestamp - (last_out_ts_ + static_cast<uint32_t>(ticks));
  }
  current_ = p.layer;
}

void SubscriberStream::note_sent(const PacketInfo& p) {
  uint16_t out = out_sequence(p.sequence);
  if (static_cast<int16_t>(out - last_out_seq_) > 0 || last_out_time_ == std::chrono::steady_clock::time_point{}) {
    last_out_seq_ = out;
    last_out_ts_ = out_timestamp(p.timestamp);
  }
  last_out_time_ = p.now;
}

}  // namespace zt::sfu
