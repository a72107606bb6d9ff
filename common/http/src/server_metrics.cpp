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
  HttpServerMetrics m{
      metrics::counter_family(r, "zt_controlhub_http_connections_rejected_total",
                              "REST connections refused (503) by reason"),
      metrics::counter_family(r, "zt_controlhub_http_timeouts_total",
                              "REST connections closed because a phase ran out of time, by phase"),
      metrics::counter_family(r, "zt_controlhub_http_tls_handshake_failures_total",
                              "REST TLS handshakes that failed, by reason"),
      metrics::gauge_family(r, "zt_controlhub_http_connections_open", "REST connections being served").Add({}),
  };
  // Every label value exported from the start (at 0), so alerts see the series.
  for (HttpPhase p : {HttpPhase::kHandshake, HttpPhase::kHeader, HttpPhase::kBody, HttpPhase::kIdle,
                      HttpPhase::kWrite}) {
    m.timeouts.Add({{"phase", std::string(phase_name(p))}});
  }
  m.rejected.Add({{"reason", "max_connections"}});
  m.tls_handshake_failures.Add({{"reason", "timeout"}});
  m.tls_handshake_failures.Add({{"reason", "error"}});
  return m;
}

}  // namespace zt::controlhub
