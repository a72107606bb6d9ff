#include "delivery_metrics.h"

#include "zt/metrics/metrics.h"

namespace zt::delivery {

DeliveryMetrics register_delivery_metrics(prometheus::Registry& r) {
  return DeliveryMetrics{
      metrics::counter_family(r, "zt_delivery_key_packages_uploaded_total",
                              "KeyPackages stored, by cipher suite"),
      metrics::counter_family(r, "zt_delivery_key_package_claims_total",
                              "KeyPackage claims by result"),
      metrics::gauge_family(r, "zt_delivery_key_packages_left",
                            "claimable KeyPackages per device and suite (last-resort not counted)"),
      metrics::counter_family(r, "zt_delivery_commits_total",
                              "commits by result (accepted, rejected) and reason"),
      metrics::counter_family(r, "zt_delivery_messages_total",
                              "messages appended to group logs, by kind"),
      metrics::gauge_family(r, "zt_delivery_open_streams", "open Subscribe streams"),
      metrics::histogram_family(r, "zt_delivery_fanout_seconds",
                                "from acceptance to the hand-over to a subscriber stream"),
      metrics::counter_family(r, "zt_delivery_fanout_catchups_total",
                              "stream reads from PostgreSQL by reason"),
      metrics::counter_family(r, "zt_delivery_proposals_total",
                              "proposals by result (accepted, rejected) and reason"),
      metrics::counter_family(r, "zt_delivery_join_requests_total",
                              "joining requests (join, leave, group_info) by result and reason"),
      metrics::counter_family(r, "zt_delivery_commit_requests_total",
                              "designated committers asked to commit pending proposals, by reason"),
  };
}

}  // namespace zt::delivery
