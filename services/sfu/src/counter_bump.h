// Counters written only under the router's mutex and read by the metrics
// scraper: a relaxed load + store is enough and avoids a locked RMW per packet.
#pragma once

#include <atomic>
#include <cstdint>

namespace zt::sfu {

inline void bump(std::atomic<uint64_t>& c, uint64_t n = 1) {
  c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

}  // namespace zt::sfu
