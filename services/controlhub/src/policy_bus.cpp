#include "policy_bus.h"

#include <sstream>

#include "zt/auth/revocation_list.h"
#include "zt/log/log.h"
#include "zt/server/revocation_feed.h"

namespace zt::controlhub {

PolicyBus::PolicyBus(redis::Client* redis, std::optional<redis::Options> subscribe_options,
                     std::function<void(const std::string&)> on_revoked, const Clock& clock)
    : redis_(redis), on_revoked_(std::move(on_revoked)), clock_(clock) {
  if (subscribe_options) {
    subscriber_ = std::make_unique<redis::Subscriber>(
        *subscribe_options, std::vector<std::string>{kPolicyChannel, std::string(auth::kRevocationChannel)},
        [this](const std::string& channel, const std::string& message) {
          if (channel == auth::kRevocationChannel) {
            if (on_revoked_) on_revoked_(message);
            return;
          }
          std::istringstream in(message);
          std::string org;
          int64_t version = 0;
          if (in >> org >> version) announce(org, version);
        });
  }
}

PolicyBus::~PolicyBus() { subscriber_.reset(); }

void PolicyBus::announce(const std::string& org_id, int64_t version) {
  std::lock_guard lock(mu_);
  for (const auto& [id, listener] : listeners_) listener(org_id, version);
}

uint64_t PolicyBus::add_listener(Listener listener) {
  std::lock_guard lock(mu_);
  listeners_[next_listener_] = std::move(listener);
  return next_listener_++;
}

void PolicyBus::remove_listener(uint64_t id) {
  std::lock_guard lock(mu_);
  listeners_.erase(id);
}

void PolicyBus::policy_changed(const OrgSettings& s) {
  announce(s.org_id, s.version);
  if (!redis_) return;
  try {
    redis_->publish(kPolicyChannel, s.org_id + " " + std::to_string(s.version));
  } catch (const std::exception& e) {
    // Other replicas catch up through their periodic re-read.
    log::warn("policy publish failed",
              {log::field("org", s.org_id), log::field("error", e.what())});
  }
}

void PolicyBus::principals_revoked(const std::vector<std::string>& client_ids) {
  for (const auto& id : client_ids) {
    if (on_revoked_) on_revoked_(id);
    if (!redis_) continue;
    try {
      server::publish_revocation(*redis_, id, clock_);
    } catch (const std::exception& e) {
      // Other replicas stop accepting the token when their cache entry expires.
      log::warn("principal revocation publish failed", {log::field("error", e.what())});
    }
  }
}

bool PolicyBus::wait_subscribed(std::chrono::milliseconds timeout) const {
  return !subscriber_ || subscriber_->wait_subscribed(1, timeout);
}

}  // namespace zt::controlhub
