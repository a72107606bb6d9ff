#include "zt/http/address_limits.h"

#include <algorithm>
#include <boost/asio/ip/network_v6.hpp>

namespace zt::http {

namespace asio = boost::asio;

SourceKey source_key(const asio::ip::address& address) {
  if (address.is_v4()) return address;
  asio::ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6);
  return asio::ip::make_network_v6(v6, 64).network();
}

bool ConnectionsPerSource::try_acquire(const SourceKey& source) {
  std::lock_guard lock(mu_);
  std::size_t& n = open_[source];
  if (n >= max_) {
    if (n == 0) open_.erase(source);
    return false;
  }
  ++n;
  return true;
}

void ConnectionsPerSource::release(const SourceKey& source) {
  std::lock_guard lock(mu_);
  auto it = open_.find(source);
  if (it == open_.end()) return;
  if (--it->second == 0) open_.erase(it);
}

std::size_t ConnectionsPerSource::open(const SourceKey& source) const {
  std::lock_guard lock(mu_);
  auto it = open_.find(source);
  return it == open_.end() ? 0 : it->second;
}

bool RateLimiter::applies_to(std::string_view path) const {
  return std::find(options_.paths.begin(), options_.paths.end(), path) != options_.paths.end();
}

double RateLimiter::refilled(const Bucket& b, Clock::time_point now) const {
  double elapsed = std::chrono::duration<double>(now - b.updated).count();
  return std::min(options_.burst, b.tokens + std::max(0.0, elapsed) * options_.per_second);
}

void RateLimiter::drop_full_buckets(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = refilled(it->second, now) >= options_.burst ? buckets_.erase(it) : std::next(it);
  }
}

bool RateLimiter::allow(const SourceKey& source, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(source);
  if (it == buckets_.end()) {
    if (buckets_.size() >= kMaxSources) drop_full_buckets(now);
    if (buckets_.size() >= kMaxSources) return false;
    it = buckets_.emplace(source, Bucket{options_.burst, now}).first;
  }
  Bucket& b = it->second;
  b.tokens = refilled(b, now);
  b.updated = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

}  // namespace zt::http
