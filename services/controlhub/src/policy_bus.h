// Fans settings changes out to WatchOrgPolicy streams on every replica:
// a change is published on Redis (channel kPolicyChannel, message
// "<orgId> <version>") and every replica's subscriber tells its local
// listeners (the WatchHub), which then read the policy from PostgreSQL (the
// source of truth). Without Redis it only wakes local watchers. Deleted principals
// go out the same way (zt::server::publish_revocation: the channel
// auth::kRevocationChannel, message "<clientId>", and the sorted set other
// services read at start) to every replica's `on_revoked` (the
// PrincipalGate's cache) and to every service's RevocationFeed.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "policy_publisher.h"
#include "zt/base/clock.h"
#include "zt/redis/client.h"

namespace zt::controlhub {

inline constexpr char kPolicyChannel[] = "zt.controlhub.policy";

class PolicyBus final : public PolicyPublisher {
 public:
  // `redis` may be null (single replica, tests).
  PolicyBus(redis::Client* redis, std::optional<redis::Options> subscribe_options,
            std::function<void(const std::string& client_id)> on_revoked = {},
            const Clock& clock = SystemClock::instance());
  ~PolicyBus() override;

  void policy_changed(const OrgSettings& settings) override;
  void principals_revoked(const std::vector<std::string>& client_ids) override;

  // `listener` hears every announced (org, version), from this replica or
  // another; it runs on the announcing thread and must not block.
  using Listener = std::function<void(const std::string& org_id, int64_t version)>;
  uint64_t add_listener(Listener listener);
  void remove_listener(uint64_t id);
  // Waits until the Redis subscription is live (tests).
  bool wait_subscribed(std::chrono::milliseconds timeout) const;

 private:
  void announce(const std::string& org_id, int64_t version);

  redis::Client* redis_;
  std::function<void(const std::string&)> on_revoked_;
  const Clock& clock_;
  std::unique_ptr<redis::Subscriber> subscriber_;
  std::mutex mu_;
  std::map<uint64_t, Listener> listeners_;
  uint64_t next_listener_ = 1;
};

}  // namespace zt::controlhub
