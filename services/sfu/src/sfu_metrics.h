// zt-sfu's Prometheus metrics, copied once a second from the data plane's
// relaxed counters (so the packet path never touches prometheus-cpp):
// packets/bytes in and out, drops by reason, NACKs answered and refused by
// reason, bytes resent, STUN bindings, consents established, forwarding
// latency histogram, transports, pending consents, retransmission buffer
// bytes, tracks, subscribers per meeting (a meeting's series is removed
// when it has no subscriptions left).
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
  Mirror packets_in_, bytes_in_, packets_out_, bytes_out_, nacks_, nack_bytes_, bindings_, consents_;
  Mirror bad_audio_levels_, speaker_changes_;
  std::vector<Mirror> drops_;
  std::vector<Mirror> nack_refusals_;
  std::vector<uint64_t> latency_last_;
  uint64_t latency_sum_last_ = 0;
  prometheus::Histogram* latency_hist_;
  prometheus::Gauge* transports_;
  prometheus::Gauge* pending_consents_;
  prometheus::Gauge* buffer_bytes_;
  prometheus::Gauge* tracks_;
  prometheus::Family<prometheus::Gauge>* subscribers_;
  std::map<std::string, prometheus::Gauge*> subscriber_gauges_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace zt::sfu
