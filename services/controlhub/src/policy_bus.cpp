#include "policy_bus.h"

#include <sstream>

#include "zt/log/log.h"

namespace zt::controlhub {

PolicyBus::PolicyBus(redis::Client* redis, std::optional<redis::Options> subscribe_options) : redis_(redis) {
  if (subscribe_options) {
    subscriber_ = std::make_unique<redis::Subscriber>(
        *subscribe_options, std::vector<std::string>{kPolicyChannel},
        [this](const std::string&, const std::string& message) {
          std::istringstream in(message);
          std::string org;
          int64_t version = 0;
          if (in >> org >> version) announce(org, version);
        });
  }
}

PolicyBus::~PolicyBus() { subscriber_.reset(); }

void PolicyBus::announce(const std::string& org_id, int64_t version) {
  {
    std::lock_guard lock(mu_);
    int64_t& v = latest_[org_id];
    v = std::max(v, version);
  }
  cv_.notify_all();
}

void PolicyBus::policy_changed(const OrgSettings& s) {
  announce(s.org_id, s.version);
  if (!redis_) return;
  try {
    redis_->publish(kPolicyChannel, s.org_id + " " + std::to_string(s.version));
  } catch (const std::exception& e) {
    // Other replicas catch up through their periodic re-read.
    log::warn("policy publish failed", {log::field("org", s.org_id), log::field("error", e.what())});
  }
}

bool PolicyBus::wait_for_change(const std::string& org_id, int64_t known, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] {
    auto it = latest_.find(org_id);
    return it != latest_.end() && it->second > known;
  });
}

bool PolicyBus::wait_subscribed(std::chrono::milliseconds timeout) const {
  return !subscriber_ || subscriber_->wait_subscribed(1, timeout);
}

}  // namespace zt::controlhub
