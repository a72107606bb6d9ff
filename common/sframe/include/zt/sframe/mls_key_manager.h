// SFrame keys from MLS (RFC 9605 §5.2). Per epoch:
//   base_key = MLS-Exporter("SFrame 1.0 Base Key", "", AEAD.Nk)
// obtained through an exporter callback, so this works with any MLS stack.
// Per-KID keys (one per sender and context) are derived on demand; a member
// encrypts only with its own index, decrypts only with the others'. Earlier
// epochs keep decrypting for a grace period after a newer one is installed,
// and an epoch is dropped when a newer one with the same low E bits arrives.
// Not thread-safe: one manager per media thread, or external locking.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/base/clock.h"
#include "zt/base/expected.h"
#include "zt/crypto/secret_bytes.h"
#include "zt/sframe/cipher_suite.h"
#include "zt/sframe/error.h"
#include "zt/sframe/key_context.h"
#include "zt/sframe/kid_layout.h"

namespace zt::sframe {

inline constexpr std::string_view kBaseKeyLabel = "SFrame 1.0 Base Key";

// MLS-Exporter(label, context, length) of one epoch.
using SecretExporter =
    std::function<crypto::SecretBytes(std::string_view label, BytesView context, size_t length)>;

struct MlsKeyConfig {
  CipherSuite suite = CipherSuite::kAes128GcmSha256_128;
  unsigned epoch_bits = kDefaultEpochBits;
  std::chrono::milliseconds grace_period{10'000};
  const Clock* clock = nullptr;  // SystemClock when null
};

struct UnprotectResult {
  size_t size = 0;  // plaintext bytes written
  uint64_t sender_index = 0;
  uint64_t context = 0;
  uint64_t epoch = 0;
};

class MlsKeyManager {
 public:
  explicit MlsKeyManager(MlsKeyConfig config);

  // Control plane: makes `epoch` current. kInvalidArgument for an index
  // outside the group, an epoch not newer than the current one, or a bad E;
  // kInvalidKey if the exporter returns the wrong length.
  Expected<void, SFrameError> add_epoch(uint64_t epoch, uint64_t group_size, uint64_t own_index,
                                        const SecretExporter& exporter);

  std::optional<uint64_t> current_epoch() const;

  // KID this member uses for `context` in the current epoch.
  Expected<uint64_t, SFrameError> own_kid(uint64_t context) const;

  // Data plane: encrypts with the current epoch and this member's KID.
  Expected<size_t, SFrameError> protect(uint64_t context, BytesView plaintext, BytesView metadata,
                                        MutableBytesView out);
  // Data plane: picks the epoch from the KID's low bits, the sender from S bits.
  Expected<UnprotectResult, SFrameError> unprotect(BytesView frame, BytesView metadata,
                                                   MutableBytesView out);

 private:
  struct Epoch {
    uint64_t number = 0;
    uint64_t group_size = 0;
    uint64_t own_index = 0;
    KidLayout layout{0, 0};
    crypto::SecretBytes base_key;
    std::optional<std::chrono::steady_clock::time_point> retired_at;
    std::unordered_map<uint64_t, KeyContext> keys;  // by KID, derived on demand
  };

  bool expired(const Epoch& e) const;
  Epoch* epoch_for_kid(uint64_t kid, SFrameError& why);

  MlsKeyConfig config_;
  const Clock& clock_;
  std::vector<std::optional<Epoch>> slots_;  // indexed by epoch mod 2^E
  std::optional<size_t> current_;
};

}  // namespace zt::sframe
