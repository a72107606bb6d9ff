// The meeting policy's and the media grants' metrics, declared once:
// refusals by reason (a fixed set: a feature, a device kind, the
// participant cap, an org setting) and grants issued.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include <string>

namespace zt::delivery {

struct PolicyMetrics {
  prometheus::Family<prometheus::Counter>& refusals;         // label: reason
  prometheus::Family<prometheus::Counter>& grants_issued;    // no label
  prometheus::Family<prometheus::Counter>& grants_refused;   // label: reason
  prometheus::Family<prometheus::Counter>& policy_updates;   // label: source (get, watch)

  void refused(const std::string& reason) { refusals.Add({{"reason", reason}}).Increment(); }
};

PolicyMetrics register_policy_metrics(prometheus::Registry& registry);

}  // namespace zt::delivery
