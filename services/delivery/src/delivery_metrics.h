// The Delivery Service's metrics, declared once.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace zt::delivery {

struct DeliveryMetrics {
  prometheus::Family<prometheus::Counter>& key_packages_uploaded;  // label: cipher_suite
  prometheus::Family<prometheus::Counter>&
      key_package_claims;  // label: result (served, last_resort, none)
  prometheus::Family<prometheus::Gauge>& key_packages_left;   // labels: device_id, cipher_suite
  prometheus::Family<prometheus::Counter>& commits;           // labels: result, reason
  prometheus::Family<prometheus::Counter>& messages;          // label: kind
  prometheus::Family<prometheus::Gauge>& open_streams;        // no label
  prometheus::Family<prometheus::Histogram>& fanout_seconds;  // accepted -> handed to a stream
  prometheus::Family<prometheus::Counter>& fanout_catchups;   // label: reason (start, gap, budget)
  prometheus::Family<prometheus::Counter>& proposals;         // labels: result, reason
  prometheus::Family<prometheus::Counter>& joins;  // labels: request (join, leave, group_info), result, reason
  prometheus::Family<prometheus::Counter>& commit_requests;  // label: reason (designated, takeover)

  void commit(const std::string& result, const std::string& reason) {
    commits.Add({{"result", result}, {"reason", reason}}).Increment();
  }
  void proposal(const std::string& result, const std::string& reason) {
    proposals.Add({{"result", result}, {"reason", reason}}).Increment();
  }
  void join(const std::string& request, const std::string& result, const std::string& reason) {
    joins.Add({{"request", request}, {"result", result}, {"reason", reason}}).Increment();
  }
};

DeliveryMetrics register_delivery_metrics(prometheus::Registry& registry);

}  // namespace zt::delivery
