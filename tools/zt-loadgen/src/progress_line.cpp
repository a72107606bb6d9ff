#include "progress_line.h"

#include <algorithm>
#include <cstdio>

namespace zt::loadgen {

std::string progress_line(const ProgressSample& s) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "[%6.1fs] in %.0f pkt/s  out %.0f pkt/s  loss %.2f%%  p99 %.0f us",
                s.elapsed_s, s.pps_in, s.pps_out, s.loss * 100, s.p99_us);
  return buf;
}

ProgressMeter::ProgressMeter(Clock::time_point start, Clock::duration interval)
    : start_(start), interval_(interval), next_(start + interval), last_(start) {}

ProgressSample ProgressMeter::sample(Clock::time_point now, uint64_t sent, uint64_t received,
                                     uint64_t expected, double p99_us) {
  const double dt = std::max(1e-9, std::chrono::duration<double>(now - last_).count());
  ProgressSample s;
  s.elapsed_s = std::chrono::duration<double>(now - start_).count();
  s.pps_in = static_cast<double>(sent - last_sent_) / dt;
  s.pps_out = static_cast<double>(received - last_received_) / dt;
  s.loss = expected > received ? 1.0 - static_cast<double>(received) / static_cast<double>(expected)
                               : 0.0;
  s.p99_us = p99_us;
  last_ = now;
  last_sent_ = sent;
  last_received_ = received;
  while (next_ <= now) next_ += interval_;
  return s;
}

}  // namespace zt::loadgen
