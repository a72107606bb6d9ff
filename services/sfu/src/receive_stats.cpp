#include "receive_stats.h"

#include <algorithm>
#include <cmath>

namespace zt::sfu {

void ReceiveStats::on_packet(uint16_t sequence, uint32_t rtp_timestamp, uint32_t arrival) {
  if (!started_) {
    started_ = true;
    max_seq_ = sequence;
    base_seq_ = sequence;
  } else if (static_cast<int16_t>(sequence - max_seq_) > 0) {
    if (sequence < max_seq_) cycles_ += 65536;
    max_seq_ = sequence;
  }
  ++received_;
  int64_t transit = static_cast<int64_t>(arrival) - static_cast<int64_t>(rtp_timestamp);
  if (received_ > 1) {
    double d = static_cast<double>(std::llabs(transit - last_transit_));
    jitter_ += (d - jitter_) / 16.0;
  }
  last_transit_ = transit;
}

void ReceiveStats::on_sender_report(uint64_t ntp, uint64_t now_us) {
  last_sr_ = static_cast<uint32_t>(ntp >> 16);
  last_sr_at_us_ = now_us;
}

rtcp::ReportBlock ReceiveStats::report(uint32_t ssrc, uint64_t now_us) {
  rtcp::ReportBlock b;
  b.ssrc = ssrc;
  uint64_t extended_max = uint64_t{cycles_} + max_seq_;
  uint64_t expected = started_ ? extended_max - base_seq_ + 1 : 0;
  int64_t lost = static_cast<int64_t>(expected) - static_cast<int64_t>(received_);
  b.cumulative_lost = static_cast<int32_t>(std::clamp<int64_t>(lost, -0x800000, 0x7FFFFF));
  uint64_t expected_interval = expected - expected_prior_;
  uint64_t received_interval = received_ - received_prior_;
  expected_prior_ = expected;
  received_prior_ = received_;
  if (expected_interval > received_interval && expected_interval > 0) {
    b.fraction_lost = static_cast<uint8_t>(((expected_interval - received_interval) << 8) / expected_interval);
  }
  b.highest_sequence = static_cast<uint32_t>(extended_max);
  b.jitter = static_cast<uint32_t>(jitter_);
  b.last_sr = last_sr_;
  if (last_sr_at_us_ != 0 && now_us >= last_sr_at_us_) {
    b.delay_since_last_sr = static_cast<uint32_t>((now_us - last_sr_at_us_) * 65536 / 1000000);
  }
  return b;
}

}  // namespace zt::sfu
