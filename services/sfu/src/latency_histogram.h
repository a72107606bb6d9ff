// Forwarding latency (kernel receive timestamp to the send call), in fixed
// microsecond buckets of relaxed atomics: cheap to record from a worker,
// read by the metrics exporter.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace zt::sfu {

class LatencyHistogram {
 public:
  static constexpr std::array<uint64_t, 10> kBoundsUs = {10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

  void observe_us(uint64_t us) {
    size_t i = 0;
    while (i < kBoundsUs.size() && us > kBoundsUs[i]) ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_us_.fetch_add(us, std::memory_order_relaxed);
  }
  // counts per bucket; the last is +Inf
  uint64_t count(size_t bucket) const { return counts_[bucket].load(std::memory_order_relaxed); }
  uint64_t sum_us() const { return sum_us_.load(std::memory_order_relaxed); }

 private:
  std::array<std::atomic<uint64_t>, kBoundsUs.size() + 1> counts_{};
  std::atomic<uint64_t> sum_us_{0};
};

}  // namespace zt::sfu
