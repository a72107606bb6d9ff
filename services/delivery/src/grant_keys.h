// The keys that sign media grants (issue 14 point 8), rotated on a fixed
// period and derived, not stored: the key of period p (p = unix time /
// rotation) is HKDF-SHA256 of the DS's configured signing secret (the same
// Kubernetes Secret on every replica, so every replica signs with the same
// key and publishes the same JWKS) with the period in the info. A grant is
// signed with the current period's key and lives grant_ttl < rotation, so
// the published set (previous, current, next period) holds the key of
// every grant that has not expired, and a verifier sees the next key a
// whole period before the first grant it signs. Seeds stay in SecretBytes
// (inside auth::JwsSigner); a kid names the period only.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "zt/auth/jwk.h"
#include "zt/auth/jws.h"
#include "zt/base/clock.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::delivery {

struct GrantKeyOptions {
  std::chrono::seconds rotation{86400};
  std::chrono::seconds grant_ttl{300};
};

struct SignedGrant {
  std::string token;
  std::string kid;
};

class GrantKeyRing {
 public:
  // `root`: the shared signing secret (any length > 0). Throws
  // std::invalid_argument unless 0 < grant_ttl < rotation.
  GrantKeyRing(const crypto::SecretBytes& root, const Clock& clock, GrantKeyOptions options = {});

  const GrantKeyOptions& options() const { return options_; }
  // Compact JWS (EdDSA) of `payload_json` with the current period's key.
  SignedGrant sign(std::string_view payload_json);
  // The previous, current and next period's public keys.
  auth::JwkSet jwks();

  static std::string kid_of(int64_t period) { return "ds-grant-" + std::to_string(period); }

 private:
  int64_t period_now() const;
  const auth::JwsSigner& signer(int64_t period);  // caller holds mutex_

  const Clock& clock_;
  GrantKeyOptions options_;
  crypto::SecretBytes prk_;
  std::mutex mutex_;
  std::map<int64_t, auth::JwsSigner> signers_;  // the three periods around now
};

}  // namespace zt::delivery
