#include "zt/http/server_metrics.h"

#include "zt/metrics/metrics.h"

namespace zt::http {

std::string_view phase_name(HttpPhase phase) {
  switch (phase) {
    case HttpPhase::kHandshake:
      return "handshake";
    case HttpPhase::kHeader:
      return "header";
    case HttpPhase::kBody:
      return "body";
    case HttpPhase::kIdle:
      return "idle";
    case HttpPhase::kWrite:
      return "write";
  }
  return "unknown";
}

std::string_view refusal_name(Refusal reason) {
  switch (reason) {
    case Refusal::kMalformed:
      return "malformed";
    case Refusal::kHeaderTooLarge:
      return "header_too_large";
    case Refusal::kBodyTooLarge:
      return "body_too_large";
    case Refusal::kChunkedBody:
      return "chunked_body";
    case Refusal::kInvalidTarget:
      return "invalid_target";
    case Refusal::kRateLimited:
      return "rate_limited";
  }
  return "unknown";
}

std::string_view exception_site_name(ExceptionSite site) {
  switch (site) {
    case ExceptionSite::kHandler:
      return "handler";
    case ExceptionSite::kConnection:
      return "connection";
    case ExceptionSite::kAccept:
      return "accept";
  }
  return "unknown";
}

HttpServerMetrics register_http_server_metrics(prometheus::Registry& r, std::string_view service) {
  std::string prefix = service.empty() ? "zt_http_" : "zt_" + std::string(service) + "_http_";
  HttpServerMetrics m{
      metrics::counter_family(r, prefix + "connections_rejected_total",
                              "HTTP connections refused (503) by reason"),
      metrics::counter_family(r, prefix + "timeouts_total",
                              "HTTP connections closed because a phase ran out of time, by phase"),
      metrics::counter_family(r, prefix + "tls_handshake_failures_total",
                              "HTTP TLS handshakes that failed, by reason"),
      metrics::counter_family(
          r, prefix + "requests_refused_total",
          "HTTP requests the listener answered 4xx itself (before any handler), by reason"),
      metrics::counter_family(r, prefix + "unhandled_exceptions_total",
                              "exceptions caught at the HTTP listener's last resort, by site"),
      metrics::gauge_family(r, prefix + "connections_open", "HTTP connections being served")
          .Add({}),
  };
  // Every label value exported from the start (at 0), so alerts see the series.
  for (HttpPhase p : {HttpPhase::kHandshake, HttpPhase::kHeader, HttpPhase::kBody, HttpPhase::kIdle,
                      HttpPhase::kWrite}) {
    m.timeouts.Add({{"phase", std::string(phase_name(p))}});
  }
  m.rejected.Add({{"reason", "max_connections"}});
  m.rejected.Add({{"reason", "max_connections_per_address"}});
  m.tls_handshake_failures.Add({{"reason", "timeout"}});
  m.tls_handshake_failures.Add({{"reason", "error"}});
  for (Refusal b : {Refusal::kMalformed, Refusal::kHeaderTooLarge, Refusal::kBodyTooLarge,
                    Refusal::kChunkedBody, Refusal::kInvalidTarget, Refusal::kRateLimited}) {
    m.requests_refused.Add({{"reason", std::string(refusal_name(b))}});
  }
  for (ExceptionSite site :
       {ExceptionSite::kHandler, ExceptionSite::kConnection, ExceptionSite::kAccept}) {
    m.unhandled_exceptions.Add({{"site", std::string(exception_site_name(site))}});
  }
  return m;
}

}  // namespace zt::http
