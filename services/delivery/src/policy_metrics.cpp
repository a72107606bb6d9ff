#include "policy_metrics.h"

#include "zt/metrics/metrics.h"

namespace zt::delivery {

PolicyMetrics register_policy_metrics(prometheus::Registry& r) {
  return PolicyMetrics{
      metrics::counter_family(r, "zt_delivery_policy_refusals_total",
                              "requests the meeting policy of zero-trust E2EE refused, by reason"),
      metrics::counter_family(r, "zt_delivery_media_grants_issued_total", "media grants issued"),
      metrics::counter_family(r, "zt_delivery_media_grants_refused_total",
                              "media grant requests refused, by reason"),
      metrics::counter_family(r, "zt_delivery_org_policy_updates_total",
                              "org policies received from Control Hub, by source"),
  };
}

}  // namespace zt::delivery
