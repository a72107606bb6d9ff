#include "http_server_metrics.h"

#include "zt/metrics/metrics.h"

namespace zt::controlhub {

std::string_view phase_name(HttpPhase phase) {
  switch (phase) {
    case HttpPhase::kHandshake: return "handshake";
    case HttpPhase::kHeader: return "header";
    case HttpPhase::kBody: return "body";
    case HttpPhase::kIdle: return "idle";
    case HttpPhase::kWrite: return "write";
  }
  return "unknown";
}

HttpServerMetrics register_http_server_metrics(prometheus::Registry& r) {
  return HttpServerMetrics{
      metrics::counter_family(r, "zt_controlhub_http_connections_rejected_total",
                              "REST connections refused (503) by reason"),
      metrics::counter_family(r, "zt_controlhub_http_timeouts_total",
                              "REST connections closed because a phase ran out of time, by phase"),
      metrics::counter_family(r, "zt_controlhub_http_tls_handshake_failures_total",
                              "REST TLS handshakes that failed, by reason"),
      metrics::gauge_family(r, "zt_controlhub_http_connections_open", "REST connections being served").Add({}),
  };
}

}  // namespace zt::controlhub
