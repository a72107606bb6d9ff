#include "master_key_rotation.h"

namespace zt::kms {

RotationProgress MasterKeyRotation::run(int batch_size, int max_batches, const AuditEvent& audit) {
  RotationProgress p;
  p.target_version = provider_.current_version();
  for (int batch = 0; max_batches == 0 || batch < max_batches; ++batch) {
    auto keys = store_.keys_below_version(p.target_version, batch_size);
    if (keys.empty()) break;
    std::vector<Rewrap> rewraps;
    rewraps.reserve(keys.size());
    for (const auto& k : keys) {
      std::string uri = uris_.format(UriKind::kKey, k.id);
      crypto::SecretBytes material =
          provider_.unwrap(k.master_version, wrap_aad(uri, k.master_version), k.wrapped);
      rewraps.push_back(
          {k.id, k.master_version, p.target_version,
           provider_.wrap(p.target_version, wrap_aad(uri, p.target_version), material, random_)});
    }
    AuditEvent event = audit;
    event.target = "master key version " + std::to_string(p.target_version) + ": " +
                   std::to_string(rewraps.size()) + " keys";
    p.rewrapped += store_.rewrap(rewraps, event);
  }
  p.remaining = store_.count_below_version(p.target_version);
  return p;
}

}  // namespace zt::kms
