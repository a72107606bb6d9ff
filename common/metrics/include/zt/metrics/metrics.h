// Prometheus metrics: the /metrics exposer, process metrics, and the pattern
// for declaring a subsystem's counters once.
//
// Declaring a subsystem's metrics (one struct, one register function):
//
//   struct ForwardMetrics {
//     prometheus::Family<prometheus::Counter>& packets;   // label: reason
//     prometheus::Counter& forwarded;
//   };
//   inline ForwardMetrics register_forward_metrics(prometheus::Registry& r) {
//     auto& packets = zt::metrics::counter_family(r, "zt_sfu_packets_dropped_total",
//                                                 "RTP packets dropped, by reason");
//     return {packets, zt::metrics::counter_family(r, "zt_sfu_packets_forwarded_total",
//                                                  "RTP packets forwarded").Add({})};
//   }
//   metrics.packets.Add({{"reason", "bad_header"}}).Increment();
//
// zt::server::Chassis creates the registry, the exposer and the RPC
// interceptor (rpc_interceptor.h); a service only registers its own struct.
#pragma once

#include <memory>
#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace prometheus {
class Exposer;
}

namespace zt::metrics {

prometheus::Family<prometheus::Counter>& counter_family(prometheus::Registry& r, const std::string& name,
                                                         const std::string& help);
prometheus::Family<prometheus::Gauge>& gauge_family(prometheus::Registry& r, const std::string& name,
                                                     const std::string& help);
prometheus::Family<prometheus::Histogram>& histogram_family(prometheus::Registry& r, const std::string& name,
                                                             const std::string& help);

// Latency buckets in seconds, 0.5 ms .. 10 s.
const prometheus::Histogram::BucketBoundaries& latency_buckets();

// Serves `registry` (and process metrics) as text on http://<address>/metrics.
// `address` is "host:port"; port 0 picks a free port (see port()).
// Throws std::runtime_error naming the address if it cannot bind.
class Exposer {
 public:
  Exposer(const std::string& address, std::shared_ptr<prometheus::Registry> registry);
  ~Exposer();
  Exposer(const Exposer&) = delete;
  Exposer& operator=(const Exposer&) = delete;

  int port() const;

 private:
  std::unique_ptr<prometheus::Exposer> exposer_;
};

// Adds process_cpu_seconds_total, process_resident_memory_bytes,
// process_open_fds and process_start_time_seconds, read from /proc at each
// scrape. Returns the collectable; keep it alive as long as the registry is
// exposed (Exposer registers it for you).
std::shared_ptr<prometheus::Collectable> make_process_collector();

}  // namespace zt::metrics
