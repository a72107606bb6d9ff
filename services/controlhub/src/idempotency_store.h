// Idempotency-Key replays in PostgreSQL: the first answer to a (principal,
// key) POST, kept for kIdempotencyTtl. The caller stores the answer without
// its secrets (a replay omits them). Times come from the app's clock, so
// purges follow it.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "zt/pg/pool.h"

namespace zt::controlhub {

inline constexpr std::chrono::hours kIdempotencyTtl{24};

struct StoredResponse {
  int status = 0;
  std::string body;
};

struct IdempotencyClaim {
  enum class Kind {
    kClaimed,     // new: run the request, then finish() or release()
    kInProgress,  // another request with this key has not finished
    kReused,      // the key was used for a different request
    kReplay,      // finished before: answer `response`
  };
  Kind kind = Kind::kClaimed;
  StoredResponse response;
};

class IdempotencyStore {
 public:
  explicit IdempotencyStore(pg::Pool& pool) : pool_(pool) {}

  static std::vector<pg::Statement> statements();

  // Purges entries older than kIdempotencyTtl, then claims `key` for
  // `request_hash` or tells what is stored under it.
  IdempotencyClaim claim(const std::string& principal, const std::string& key,
                         const std::string& request_hash,
                         std::chrono::system_clock::time_point now);
  void finish(const std::string& principal, const std::string& key, const StoredResponse& response);
  // Forgets an unfinished claim (the request failed; the key may be retried).
  void release(const std::string& principal, const std::string& key);

 private:
  pg::Pool& pool_;
};

}  // namespace zt::controlhub
