// What subscribers measured: per-stream loss from sequence numbers, one-way
// latency (kernel receive timestamp minus the send time in the payload) in
// a 1-µs histogram, RFC 3550 interarrival jitter, integrity failures.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "media_payload.h"

namespace zt::loadgen {

class LatencyRecorder {
 public:
  static constexpr size_t kMaxUs = 200000;
  LatencyRecorder() : buckets_(kMaxUs + 1) {}
  void record_ns(int64_t ns);
  uint64_t count() const { return count_; }
  double percentile_us(double p) const;

 private:
  std::vector<uint64_t> buckets_;
  uint64_t count_ = 0;
};

struct StreamStats {
  bool started = false;
  uint32_t first = 0;
  uint32_t highest = 0;  // extended
  uint64_t received = 0;
  double jitter_ns = 0;
  int64_t last_transit_ns = 0;
};

class ReceiveStats {
 public:
  // One packet for subscriber `sub` on RTP SSRC `ssrc` with RTP sequence `seq`.
  void on_packet(size_t sub, uint32_t ssrc, uint16_t seq, const PayloadHeader& h, int64_t kernel_ns);
  void on_integrity_failure() { ++integrity_failures_; }

  uint64_t received() const { return received_; }
  uint64_t expected() const;
  uint64_t integrity_failures() const { return integrity_failures_; }
  double mean_jitter_us() const;
  const LatencyRecorder& latency() const { return latency_; }

 private:
  std::unordered_map<uint64_t, StreamStats> streams_;  // key: subscriber << 32 | ssrc
  LatencyRecorder latency_;
  uint64_t received_ = 0;
  uint64_t integrity_failures_ = 0;
};

}  // namespace zt::loadgen
