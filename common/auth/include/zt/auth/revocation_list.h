// Principals Control Hub has deleted or disabled, as seen by a service that
// accepts Control Hub tokens: a token whose subject is listed is refused
// even though its signature and expiry are fine. Fed from Redis by
// zt::server::RevocationFeed; entries are kept for kRevocationRetention
// (longer than any token lives), then forgotten. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "zt/base/clock.h"

namespace zt::auth {

// Control Hub publishes each revoked client id on this Redis channel and
// adds it to this sorted set (score: Unix seconds of the revocation), so a
// service that starts later, or missed the message, still knows.
inline constexpr std::string_view kRevocationChannel = "zt.controlhub.principals";
inline constexpr std::string_view kRevokedPrincipalsKey = "zt.controlhub.revoked";
inline constexpr std::chrono::hours kRevocationRetention{24};

class RevocationList {
 public:
  explicit RevocationList(const Clock& clock) : clock_(clock) {}

  void revoke(std::string subject);
  bool revoked(std::string_view subject) const;
  size_t size() const;

 private:
  void prune_locked();

  const Clock& clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::chrono::system_clock::time_point> revoked_at_;
  size_t next_prune_at_ = 1024;
};

}  // namespace zt::auth
