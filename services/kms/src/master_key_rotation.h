// Re-wraps every stored key under the provider's newest master-key version,
// one batch per transaction. Progress lives in the rows (each key names its
// version), so a rotation cut short resumes where it stopped; a key being
// re-wrapped stays readable under its old version until its row changes.
#pragma once

#include <cstdint>

#include "kms_uri.h"
#include "master_key_provider.h"
#include "store.h"

namespace zt::kms {

struct RotationProgress {
  int target_version = 0;
  int64_t rewrapped = 0;
  int64_t remaining = 0;
};

class MasterKeyRotation {
 public:
  MasterKeyRotation(Store& store, MasterKeyProvider& provider, crypto::RandomSource& random,
                    const UriCodec& uris)
      : store_(store), provider_(provider), random_(random), uris_(uris) {}

  // Up to `max_batches` batches (0: until done) of `batch_size` keys.
  // `audit` is the template of the one audit record each batch writes.
  RotationProgress run(int batch_size, int max_batches, const AuditEvent& audit);

 private:
  Store& store_;
  MasterKeyProvider& provider_;
  crypto::RandomSource& random_;
  const UriCodec& uris_;
};

}  // namespace zt::kms
