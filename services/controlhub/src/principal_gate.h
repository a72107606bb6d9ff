// Authentication of every request (REST and gRPC): the bearer token must
// verify, and its principal must still exist, be enabled and belong to the
// token's org, so a deleted admin's or device's token stops working at once
// rather than at its expiry. Principal lookups are cached for a short TTL;
// forget() drops an entry immediately (called on delete, locally and through
// the policy bus for other replicas).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "store.h"
#include "zt/auth/claims.h"
#include "zt/auth/token_verifier.h"
#include "zt/base/clock.h"

namespace zt::controlhub {

class PrincipalGate {
 public:
  PrincipalGate(Store& store, auth::TokenVerifier& verifier, const Clock& clock,
                std::chrono::seconds cache_ttl = std::chrono::seconds(5));

  // The claims of `token` (without "Bearer "); throws DomainError
  // kUnauthenticated saying why it is refused.
  auth::Claims authenticate(std::string_view token);
  // Drops the cached state of `client_id`.
  void forget(const std::string& client_id);

 private:
  struct Entry {
    bool active = false;
    std::string org_id;
    std::chrono::steady_clock::time_point fetched;
  };
  bool principal_active(const auth::Claims& claims);

  Store& store_;
  auth::TokenVerifier& verifier_;
  const Clock& clock_;
  std::chrono::seconds ttl_;
  std::mutex mu_;
  std::map<std::string, Entry> cache_;
  uint64_t generation_ = 0;  // counts forget() calls
};

}  // namespace zt::controlhub
