#include "kms_metrics.h"

namespace zt::kms {

KmsMetrics register_kms_metrics(prometheus::Registry& registry) {
  return KmsMetrics{
      prometheus::BuildCounter()
          .Name("zt_kms_keys_served_total")
          .Help("Content keys asked for by RetrieveKeys, by caller role and result")
          .Register(registry),
      prometheus::BuildCounter()
          .Name("zt_kms_refusals_total")
          .Help("Refused KMS requests by method and reason")
          .Register(registry),
      prometheus::BuildGauge()
          .Name("zt_kms_audit_chain_length")
          .Help("Records in the hash-chained audit log")
          .Register(registry)
          .Add({}),
      prometheus::BuildCounter()
          .Name("zt_kms_audit_verifications_total")
          .Help("Audit chain verifications by result")
          .Register(registry),
      prometheus::BuildGauge()
          .Name("zt_kms_audit_last_verified_seconds")
          .Help("When the audit chain was last verified (unix seconds)")
          .Register(registry)
          .Add({}),
      prometheus::BuildCounter()
          .Name("zt_kms_keys_rewrapped_total")
          .Help("Content keys re-wrapped under a newer master-key version")
          .Register(registry)
          .Add({}),
      prometheus::BuildGauge()
          .Name("zt_kms_rotation_remaining_keys")
          .Help("Content keys still under an older master-key version (as of the last rotation "
                "batch)")
          .Register(registry)
          .Add({}),
  };
}

}  // namespace zt::kms
