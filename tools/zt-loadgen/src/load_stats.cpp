#include "load_stats.h"

#include <cmath>

namespace zt::loadgen {

void LatencyRecorder::record_ns(int64_t ns) {
  size_t us = ns <= 0 ? 0 : static_cast<size_t>(ns / 1000);
  ++buckets_[us > kMaxUs ? kMaxUs : us];
  ++count_;
}

double LatencyRecorder::percentile_us(double p) const {
  if (count_ == 0) return 0;
  uint64_t rank = static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_)));
  if (rank == 0) rank = 1;
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) return static_cast<double>(i);
  }
  return static_cast<double>(kMaxUs);
}

void ReceiveStats::on_packet(size_t sub, uint32_t ssrc, uint16_t seq, const PayloadHeader& h, int64_t kernel_ns) {
  StreamStats& s = streams_[uint64_t{sub} << 32 | ssrc];
  if (!s.started) {
    s.started = true;
    s.first = seq;
    s.highest = seq;
  } else {
    uint16_t low = static_cast<uint16_t>(s.highest);
    int16_t delta = static_cast<int16_t>(seq - low);
    if (delta > 0) s.highest += static_cast<uint32_t>(delta);
  }
  ++s.received;
  ++received_;
  int64_t transit = kernel_ns - h.send_ns;
  latency_.record_ns(transit);
  if (s.received > 1) {
    double d = std::fabs(static_cast<double>(transit - s.last_transit_ns));
    s.jitter_ns += (d - s.jitter_ns) / 16.0;
  }
  s.last_transit_ns = transit;
}

uint64_t ReceiveStats::expected() const {
  uint64_t e = 0;
  for (const auto& [key, s] : streams_) e += std::max<uint64_t>(s.highest - s.first + 1, s.received);
  return e;
}

double ReceiveStats::mean_jitter_us() const {
  if (streams_.empty()) return 0;
  double sum = 0;
  for (const auto& [key, s] : streams_) sum += s.jitter_ns;
  return sum / static_cast<double>(streams_.size()) / 1000.0;
}

}  // namespace zt::loadgen
