// The live progress line of a load run: elapsed time, packets per second in
// (sent) and out (received) over the last second, loss and p99 latency so far.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace zt::loadgen {

struct ProgressSample {
  double elapsed_s = 0;
  double pps_in = 0;
  double pps_out = 0;
  double loss = 0;  // fraction, from sequence gaps so far (packets in flight do not count)
  double p99_us = 0;
};

// "[  3.0s] in 1540 pkt/s  out 4620 pkt/s  loss 0.00%  p99 412 us"
std::string progress_line(const ProgressSample& sample);

// Turns running totals into samples, one per `interval`.
class ProgressMeter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit ProgressMeter(Clock::time_point start,
                         Clock::duration interval = std::chrono::seconds(1));

  bool due(Clock::time_point now) const { return now >= next_; }
  ProgressSample sample(Clock::time_point now, uint64_t sent, uint64_t received, uint64_t expected,
                        double p99_us);

 private:
  Clock::time_point start_;
  Clock::duration interval_;
  Clock::time_point next_;
  Clock::time_point last_;
  uint64_t last_sent_ = 0;
  uint64_t last_received_ = 0;
};

}  // namespace zt::loadgen
