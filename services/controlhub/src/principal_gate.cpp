#include "principal_gate.h"

#include "domain_error.h"

namespace zt::controlhub {
namespace {

constexpr size_t kMaxCacheEntries = 100'000;  // a bound, not a tuning knob: cleared when reached

}  // namespace

PrincipalGate::PrincipalGate(Store& store, auth::TokenVerifier& verifier, const Clock& clock,
                             std::chrono::seconds cache_ttl)
    : store_(store), verifier_(verifier), clock_(clock), ttl_(cache_ttl) {}

auth::Claims PrincipalGate::authenticate(std::string_view token) {
  auto claims = verifier_.verify(token);
  if (!claims) {
    throw DomainError(ErrorCode::kUnauthenticated,
                      std::string("token refused: ") + auth::to_string(claims.error().code));
  }
  if (!principal_active(*claims)) {
    throw DomainError(ErrorCode::kUnauthenticated,
                      "token refused: its principal was deleted or disabled");
  }
  return std::move(*claims);
}

bool PrincipalGate::principal_active(const auth::Claims& claims) {
  auto now = clock_.steady_now();
  uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    generation = generation_;
    auto it = cache_.find(claims.subject);
    if (it != cache_.end() && now - it->second.fetched < ttl_) {
      return it->second.active && it->second.org_id == claims.org_id;
    }
  }
  auto principal = store_.find_principal(claims.subject);
  Entry entry{principal && principal->enabled, principal ? principal->org_id : "", now};
  std::lock_guard lock(mu_);
  if (cache_.size() >= kMaxCacheEntries) cache_.clear();
  if (generation == generation_)
    cache_[claims.subject] = entry;  // no forget() raced with the lookup
  return entry.active && entry.org_id == claims.org_id;
}

void PrincipalGate::forget(const std::string& client_id) {
  std::lock_guard lock(mu_);
  cache_.erase(client_id);
  ++generation_;
}

}  // namespace zt::controlhub
