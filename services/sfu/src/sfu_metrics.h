// zt-sfu's Prometheus metrics, copied once a second from the data plane's
// relaxed counters (so the packet path never touches prometheus-cpp):
// packets/bytes in and out, drops by reason, NACKs answered, STUN bindings,
// forwarding latency histogram, transports, tracks, subscribers per meeting.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <prometheus/registry.h>

#include "latency_histogram.h"
#include "router.h"

namespace zt::sfu {

class SfuMetrics {
 public:
  SfuMetrics(prometheus::Registry& registry, Router& router, const LatencyHistogram& latency);
  ~SfuMetrics();
  SfuMetrics(const SfuMetrics&) = delete;
  SfuMetrics& operator=(const SfuMetrics&) = delete;

  // Copies the current values (the background thread calls this each second).
  void sync();

 private:
  struct Mirror {
    prometheus::Counter* counter;
    uint64_t last = 0;
  };
  void add_delta(Mirror& m, uint64_t now);

  Router& router_;
  const LatencyHistogram& latency_;
  Mirror packets_in_, bytes_in_, packets_out_, bytes_out_, nacks_, bindings_;
  std::vector<Mirror> drops_;
  std::vector<uint64_t> latency_last_;
  uint64_t latency_sum_last_ = 0;
  prometheus::Histogram* latency_hist_;
  prometheus::Gauge* transports_;
  prometheus::Gauge* tracks_;
  prometheus::Family<prometheus::Gauge>* subscribers_;
  std::map<std::string, prometheus::Gauge*> subscriber_gauges_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace zt::sfu
