// Keeps an auth::RevocationList current from Control Hub's Redis feed: the
// sorted set of recent revocations (read once the subscription is up, so
// nothing revoked before start or while subscribing is missed) and the
// channel on which each new one is announced. A service that accepts
// Control Hub tokens builds one and checks revoked(claims.subject) after a
// token verifies (issue 12: a deleted principal's token stops working at
// once everywhere, not when it expires).
#pragma once

#include <chrono>
#include <memory>

#include "zt/auth/revocation_list.h"
#include "zt/redis/client.h"

namespace zt::server {

class RevocationFeed {
 public:
  // Subscribes with `options`, then loads the recent revocations. Redis
  // being down is logged, not fatal: the subscriber keeps retrying and
  // reloads the set each time it is back.
  RevocationFeed(redis::Options options, auth::RevocationList& list, const Clock& clock,
                 std::chrono::milliseconds subscribe_wait = std::chrono::milliseconds(2000));
  ~RevocationFeed();
  RevocationFeed(const RevocationFeed&) = delete;
  RevocationFeed& operator=(const RevocationFeed&) = delete;

  // Reads the sorted set of recent revocations into the list.
  void reload();

 private:
  redis::Options options_;
  auth::RevocationList& list_;
  const Clock& clock_;
  std::unique_ptr<redis::Subscriber> subscriber_;
};

// Control Hub's side: announce `subject` and keep it in the sorted set
// (entries older than the retention trimmed).
void publish_revocation(redis::Client& redis, const std::string& subject, const Clock& clock);

}  // namespace zt::server
