#include "zt/auth/revocation_list.h"

namespace zt::auth {

void RevocationList::revoke(std::string subject) {
  std::lock_guard<std::mutex> g(mu_);
  revoked_at_[std::move(subject)] = clock_.now();
  if (revoked_at_.size() >= next_prune_at_) prune_locked();
}

bool RevocationList::revoked(std::string_view subject) const {
  std::lock_guard<std::mutex> g(mu_);
  auto it = revoked_at_.find(std::string(subject));
  return it != revoked_at_.end() && clock_.now() - it->second < kRevocationRetention;
}

size_t RevocationList::size() const {
  std::lock_guard<std::mutex> g(mu_);
  return revoked_at_.size();
}

// Drops what is older than the retention; the next prune waits until the
// list has doubled, so a prune costs O(1) per revocation on average.
void RevocationList::prune_locked() {
  const auto cutoff = clock_.now() - kRevocationRetention;
  for (auto it = revoked_at_.begin(); it != revoked_at_.end();) {
    it = it->second < cutoff ? revoked_at_.erase(it) : std::next(it);
  }
  next_prune_at_ = std::max<size_t>(1024, 2 * revoked_at_.size());
}

}  // namespace zt::auth
