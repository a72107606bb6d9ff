// The REST listener's connection metrics: connections refused over the cap,
// connections closed because a phase ran out of time, failed TLS handshakes,
// and the connections open now.
#pragma once

#include <string_view>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace zt::controlhub {

// The phases a connection can time out in (the `phase` label).
enum class HttpPhase { kHandshake, kHeader, kBody, kIdle, kWrite };
std::string_view phase_name(HttpPhase phase);

struct HttpServerMetrics {
  prometheus::Family<prometheus::Counter>& rejected;                // label: reason
  prometheus::Family<prometheus::Counter>& timeouts;                // label: phase
  prometheus::Family<prometheus::Counter>& tls_handshake_failures;  // label: reason (timeout, error)
  prometheus::Gauge& open_connections;

  void count_timeout(HttpPhase phase) { timeouts.Add({{"phase", std::string(phase_name(phase))}}).Increment(); }
};

HttpServerMetrics register_http_server_metrics(prometheus::Registry& registry);

}  // namespace zt::controlhub
