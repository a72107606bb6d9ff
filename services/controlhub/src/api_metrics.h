// REST metrics: requests by route and status, latency by route.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace zt::controlhub {

struct ApiMetrics {
  prometheus::Family<prometheus::Counter>& requests;     // labels: route, status
  prometheus::Family<prometheus::Histogram>& latency;    // label: route
  prometheus::Family<prometheus::Counter>& tokens;       // label: result
  prometheus::Family<prometheus::Counter>& certificates; // label: result
};

ApiMetrics register_api_metrics(prometheus::Registry& registry);

}  // namespace zt::controlhub
