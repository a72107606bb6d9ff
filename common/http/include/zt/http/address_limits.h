// Limits per client source, so one client cannot take what others need: the
// connections it holds open and how fast it may call a rate-limited path. A
// source is an IPv4 address, or an IPv6 /64 (one host usually owns the whole
// prefix); an IPv4-mapped IPv6 address counts as its IPv4 address.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "zt/http/server_options.h"

namespace zt::http {

using SourceKey = boost::asio::ip::address;

// The source `address` counts against.
SourceKey source_key(const boost::asio::ip::address& address);

// Open connections per source, with a cap. Thread-safe.
class ConnectionsPerSource {
 public:
  explicit ConnectionsPerSource(std::size_t max_per_source) : max_(max_per_source) {}
  // Counts one more connection of `source`; false (nothing counted) at the cap.
  bool try_acquire(const SourceKey& source);
  void release(const SourceKey& source);
  std::size_t open(const SourceKey& source) const;

 private:
  const std::size_t max_;
  mutable std::mutex mu_;
  std::map<SourceKey, std::size_t> open_;
};

// Requests to the RateLimitOptions paths, as one token bucket per source.
// Thread-safe; memory is bounded (kMaxSources buckets; full buckets are
// dropped first, and a new source is refused while every tracked source is
// still limited).
class RateLimiter {
 public:
  static constexpr std::size_t kMaxSources = 16384;
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(RateLimitOptions options) : options_(std::move(options)) {}
  bool applies_to(std::string_view path) const;
  // Takes one token of `source`'s bucket; false if it is empty.
  bool allow(const SourceKey& source, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  double refilled(const Bucket& b, Clock::time_point now) const;
  void drop_full_buckets(Clock::time_point now);

  const RateLimitOptions options_;
  std::mutex mu_;
  std::map<SourceKey, Bucket> buckets_;
};

}  // namespace zt::http
