#include "zt/server/revocation_feed.h"

#include "zt/log/log.h"

namespace zt::server {
namespace {

int64_t unix_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

RevocationFeed::RevocationFeed(redis::Options options, auth::RevocationList& list,
                               const Clock& clock, std::chrono::milliseconds subscribe_wait)
    : options_(std::move(options)), list_(list), clock_(clock) {
  subscriber_ = std::make_unique<redis::Subscriber>(
      options_, std::vector<std::string>{std::string(auth::kRevocationChannel)},
      [this](const std::string&, const std::string& subject) {
        if (!subject.empty()) list_.revoke(subject);
      });
  if (!subscriber_->wait_subscribed(1, subscribe_wait)) {
    log::warn(
        "revocation feed: Redis subscription not up yet; revoked tokens are refused once it is");
  }
  reload();
}

RevocationFeed::~RevocationFeed() = default;

void RevocationFeed::reload() {
  try {
    redis::Client client(options_);
    const auto since = unix_seconds(clock_.now() - auth::kRevocationRetention);
    redis::Reply r = client.command(
        {"ZRANGEBYSCORE", std::string(auth::kRevokedPrincipalsKey), std::to_string(since), "+inf"});
    for (const auto& e : r.elements) {
      if (!e.str.empty()) list_.revoke(e.str);
    }
  } catch (const std::exception& e) {
    log::warn("revocation feed: cannot read the revoked principals",
              {log::field("error", e.what())});
  }
}

void publish_revocation(redis::Client& redis, const std::string& subject, const Clock& clock) {
  const auto now = unix_seconds(clock.now());
  const std::string key(auth::kRevokedPrincipalsKey);
  redis.command({"ZADD", key, std::to_string(now), subject});
  // Scores below the cutoff go (the cutoff itself stays: "(" would need a
  // string concatenation GCC 12 misreads under -Wrestrict).
  const int64_t cutoff = now - std::chrono::seconds(auth::kRevocationRetention).count() - 1;
  redis.command({"ZREMRANGEBYSCORE", key, "-inf", std::to_string(cutoff)});
  redis.publish(auth::kRevocationChannel, subject);
}

}  // namespace zt::server
