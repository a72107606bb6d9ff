#include "api_metrics.h"

#include "zt/metrics/metrics.h"

namespace zt::controlhub {

ApiMetrics register_api_metrics(prometheus::Registry& r) {
  return ApiMetrics{
      metrics::counter_family(r, "zt_controlhub_http_requests_total", "REST requests by route and status"),
      metrics::histogram_family(r, "zt_controlhub_http_request_seconds", "REST request latency by route"),
      metrics::counter_family(r, "zt_controlhub_tokens_total", "token requests by result"),
      metrics::counter_family(r, "zt_controlhub_certificates_total", "device certificate requests by result"),
  };
}

}  // namespace zt::controlhub
