// An HTTP listener's metrics (zt_<service>_http_*): connections refused over the cap,
// connections closed because a phase ran out of time, failed TLS handshakes,
// requests refused before a handler saw them, exceptions caught at the last
// resort, and the connections open now.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <string_view>

namespace zt::http {

// The phases a connection can time out in (the `phase` label).
enum class HttpPhase { kHandshake, kHeader, kBody, kIdle, kWrite };
std::string_view phase_name(HttpPhase phase);

// Why a request was answered 4xx by the server itself (the `reason` label).
enum class Refusal {
  kMalformed,
  kHeaderTooLarge,
  kBodyTooLarge,
  kChunkedBody,
  kInvalidTarget,
  kRateLimited
};
std::string_view refusal_name(Refusal reason);

// Where an exception was caught instead of escaping (the `site` label):
// around the handler (answered 500), around a whole connection (closed), or
// around the accept loop (which goes on accepting).
enum class ExceptionSite { kHandler, kConnection, kAccept };
std::string_view exception_site_name(ExceptionSite site);

struct HttpServerMetrics {
  prometheus::Family<prometheus::Counter>&
      rejected;  // label: reason (max_connections[_per_address])
  prometheus::Family<prometheus::Counter>& timeouts;  // label: phase
  prometheus::Family<prometheus::Counter>&
      tls_handshake_failures;                                     // label: reason (timeout, error)
  prometheus::Family<prometheus::Counter>& requests_refused;      // label: reason
  prometheus::Family<prometheus::Counter>& unhandled_exceptions;  // label: site
  prometheus::Gauge& open_connections;

  void count_timeout(HttpPhase phase) {
    timeouts.Add({{"phase", std::string(phase_name(phase))}}).Increment();
  }
  void count_refusal(Refusal reason) {
    requests_refused.Add({{"reason", std::string(refusal_name(reason))}}).Increment();
  }
  void count_unhandled_exception(ExceptionSite site) {
    unhandled_exceptions.Add({{"site", std::string(exception_site_name(site))}}).Increment();
  }
};

// Names start with zt_<service>_http_ (zt_http_ if `service` is empty).
HttpServerMetrics register_http_server_metrics(prometheus::Registry& registry,
                                               std::string_view service);

}  // namespace zt::http
