// The KMS's metrics, declared once: keys served by caller role and result,
// refusals by method and reason, audit chain length and verifications,
// master-key rotation progress. Labels are bounded (roles, fixed reasons).
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace zt::kms {

struct KmsMetrics {
  prometheus::Family<prometheus::Counter>& keys_served;  // labels: role, result
  prometheus::Family<prometheus::Counter>& refusals;     // labels: method, reason
  prometheus::Gauge& audit_chain_length;
  prometheus::Family<prometheus::Counter>& audit_verifications;  // label: result
  prometheus::Gauge& audit_last_verified;  // unix seconds of the last verification
  prometheus::Counter& keys_rewrapped;
  prometheus::Gauge& rotation_remaining;
};

KmsMetrics register_kms_metrics(prometheus::Registry& registry);

}  // namespace zt::kms
