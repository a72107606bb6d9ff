// Org policy from Control Hub, kept current (issue 14 point 7): the first
// request for an org reads it with GetOrgPolicy and opens a
// WatchOrgPolicy stream for it; every policy the stream sends replaces the
// cached one (a newer version only), so an admin's change applies without
// a restart. A stream that ends (Control Hub restarted, network, drain) is
// opened again after a backoff (min_backoff doubling up to max_backoff,
// back to min_backoff once a policy arrives); the cached policy stays in
// use meanwhile, and a reopened stream starts with the current policy.
// Streams are on the gRPC callback API (no thread each); one thread opens
// them and waits out the backoffs.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "controlhub_client.h"
#include "org_policy.h"
#include "policy_metrics.h"

namespace zt::delivery {

struct OrgPolicyWatchOptions {
  std::chrono::milliseconds min_backoff{200};
  std::chrono::milliseconds max_backoff{30'000};
  std::chrono::milliseconds get_deadline{3000};
};

class OrgPolicyWatch final : public OrgPolicySource {
 public:
  OrgPolicyWatch(ControlHubClient& hub, OrgPolicyWatchOptions options, PolicyMetrics* metrics);
  ~OrgPolicyWatch() override;  // cancels every stream and waits for them
  OrgPolicyWatch(const OrgPolicyWatch&) = delete;
  OrgPolicyWatch& operator=(const OrgPolicyWatch&) = delete;

  std::optional<OrgPolicy> policy(const std::string& org_id) override;
  // Streams open now (for tests and metrics).
  std::size_t open_streams();

 private:
  class Stream;
  struct Org {
    std::optional<OrgPolicy> policy;
    Stream* stream = nullptr;  // owned by gRPC until its OnDone
    std::chrono::steady_clock::time_point reopen_at{};
    std::chrono::milliseconds backoff{0};
    bool wanted = false;  // a stream should be open (or reopened)
  };

  std::optional<OrgPolicy> get(const std::string& org_id);
  void store(const OrgPolicy& p, const char* source);
  void stream_ended(const std::string& org_id);
  void opener();  // the thread that (re)opens streams when due

  ControlHubClient& hub_;
  OrgPolicyWatchOptions options_;
  PolicyMetrics* metrics_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, Org> orgs_;
  std::size_t live_streams_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zt::delivery
