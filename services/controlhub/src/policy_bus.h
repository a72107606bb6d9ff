// Fans settings changes out to WatchOrgPolicy streams on every replica:
// a change is published on Redis (channel kPolicyChannel, message
// "<orgId> <version>") and every replica's subscriber wakes its local
// watchers, which then read the policy from PostgreSQL (the source of
// truth). Without Redis it only wakes local watchers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <string>

#include "policy_publisher.h"
#include "zt/redis/client.h"

namespace zt::controlhub {

inline constexpr char kPolicyChannel[] = "zt.controlhub.policy";

class PolicyBus final : public PolicyPublisher {
 public:
  // `redis` may be null (single replica, tests).
  PolicyBus(redis::Client* redis, std::optional<redis::Options> subscribe_options);
  ~PolicyBus() override;

  void policy_changed(const OrgSettings& settings) override;

  // Blocks until a version > `known` is announced for `org_id`, or `timeout`.
  // True when announced.
  bool wait_for_change(const std::string& org_id, int64_t known, std::chrono::milliseconds timeout);
  // Waits until the Redis subscription is live (tests).
  bool wait_subscribed(std::chrono::milliseconds timeout) const;

 private:
  void announce(const std::string& org_id, int64_t version);

  redis::Client* redis_;
  std::unique_ptr<redis::Subscriber> subscriber_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int64_t> latest_;
};

}  // namespace zt::controlhub
