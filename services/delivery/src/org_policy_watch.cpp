#include "org_policy_watch.h"

#include <algorithm>
#include <cstring>

#include "zt/log/log.h"

namespace zt::delivery {
namespace {

OrgPolicy from_proto(const controlhub::v1::OrgPolicy& p) {
  return {p.org_id(), p.version(), p.calling_e2ee_enabled(), p.default_meeting_type(),
          p.personal_room_e2ee()};
}

}  // namespace

// One WatchOrgPolicy stream; deletes itself when gRPC is done with it.
class OrgPolicyWatch::Stream final : public grpc::ClientReadReactor<controlhub::v1::OrgPolicy> {
 public:
  Stream(OrgPolicyWatch& owner, std::string org_id, uint64_t known_version,
         std::unique_ptr<grpc::ClientContext> ctx)
      : owner_(owner), org_id_(std::move(org_id)), ctx_(std::move(ctx)) {
    request_.set_org_id(org_id_);
    request_.set_known_version(known_version);
  }

  void start() {
    owner_.hub_.stub().async()->WatchOrgPolicy(ctx_.get(), &request_, this);
    StartRead(&message_);
    StartCall();
  }
  void cancel() { ctx_->TryCancel(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows
    if (message_.org_id() == org_id_) owner_.store(from_proto(message_), "watch");
    StartRead(&message_);
  }

  void OnDone(const grpc::Status& status) override {
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) owner_.hub_.token_refused();
    owner_.stream_ended(org_id_);
    delete this;
  }

 private:
  OrgPolicyWatch& owner_;
  std::string org_id_;
  std::unique_ptr<grpc::ClientContext> ctx_;
  controlhub::v1::WatchOrgPolicyRequest request_;
  controlhub::v1::OrgPolicy message_;
};

OrgPolicyWatch::OrgPolicyWatch(ControlHubClient& hub, OrgPolicyWatchOptions options,
                               PolicyMetrics* metrics)
    : hub_(hub), options_(options), metrics_(metrics), thread_([this] { opener(); }) {}

OrgPolicyWatch::~OrgPolicyWatch() {
  std::unique_lock lock(mutex_);
  stopping_ = true;
  for (auto& [_, org] : orgs_) {
    if (org.stream) org.stream->cancel();
  }
  cv_.notify_all();
  cv_.wait(lock, [this] { return live_streams_ == 0; });
  lock.unlock();
  thread_.join();
}

std::size_t OrgPolicyWatch::open_streams() {
  std::lock_guard lock(mutex_);
  return live_streams_;
}

std::optional<OrgPolicy> OrgPolicyWatch::get(const std::string& org_id) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto ctx = hub_.context(options_.get_deadline);
    if (!ctx) return std::nullopt;
    controlhub::v1::GetOrgPolicyRequest req;
    req.set_org_id(org_id);
    controlhub::v1::OrgPolicy out;
    grpc::Status st = hub_.stub().GetOrgPolicy(ctx.get(), req, &out);
    if (st.ok()) return from_proto(out);
    if (st.error_code() != grpc::StatusCode::UNAUTHENTICATED) {
      log::warn("org policy unavailable from Control Hub",
                {log::field("org_id", org_id), log::field("code", static_cast<int>(st.error_code()))});
      return std::nullopt;
    }
    hub_.token_refused();
  }
  return std::nullopt;
}

std::optional<OrgPolicy> OrgPolicyWatch::policy(const std::string& org_id) {
  {
    std::lock_guard lock(mutex_);
    auto it = orgs_.find(org_id);
    if (it != orgs_.end() && it->second.policy) return it->second.policy;
  }
  std::optional<OrgPolicy> p = get(org_id);
  if (!p) return std::nullopt;
  store(*p, "get");
  std::lock_guard lock(mutex_);
  Org& org = orgs_[org_id];
  if (!org.wanted) {
    org.wanted = true;
    cv_.notify_all();
  }
  return org.policy;
}

void OrgPolicyWatch::store(const OrgPolicy& p, const char* source) {
  std::lock_guard lock(mutex_);
  Org& org = orgs_[p.org_id];
  if (std::strcmp(source, "watch") == 0) org.backoff = std::chrono::milliseconds(0);
  if (org.policy && org.policy->version > p.version) return;  // a stale answer
  bool changed = !org.policy || org.policy->version != p.version;
  org.policy = p;
  if (metrics_) metrics_->policy_updates.Add({{"source", source}}).Increment();
  if (changed) {
    log::info("org policy", {log::field("org_id", p.org_id), log::field("version", p.version),
                             log::field("calling_e2ee_enabled", p.calling_e2ee_enabled),
                             log::field("personal_room_e2ee", p.personal_room_e2ee)});
  }
}

void OrgPolicyWatch::stream_ended(const std::string& org_id) {
  std::lock_guard lock(mutex_);
  Org& org = orgs_[org_id];
  org.stream = nullptr;
  --live_streams_;
  org.backoff = org.backoff.count() == 0 ? options_.min_backoff
                                         : std::min(2 * org.backoff, options_.max_backoff);
  org.reopen_at = std::chrono::steady_clock::now() + org.backoff;
  cv_.notify_all();
}

void OrgPolicyWatch::opener() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    auto now = std::chrono::steady_clock::now();
    std::optional<std::chrono::steady_clock::time_point> next;
    std::string due;
    for (const auto& [id, org] : orgs_) {
      if (!org.wanted || org.stream != nullptr) continue;
      if (org.reopen_at <= now) {
        due = id;
        break;
      }
      if (!next || org.reopen_at < *next) next = org.reopen_at;
    }
    if (due.empty()) {
      if (next) {
        cv_.wait_until(lock, *next);
      } else {
        cv_.wait(lock);
      }
      continue;
    }
    uint64_t known = orgs_[due].policy ? orgs_[due].policy->version : 0;
    lock.unlock();
    auto ctx = hub_.context(std::chrono::milliseconds(0));  // a stream has no deadline
    lock.lock();
    if (stopping_) break;
    Org& org = orgs_[due];
    if (!ctx) {  // no token now: try again later
      org.backoff = org.backoff.count() == 0 ? options_.min_backoff
                                             : std::min(2 * org.backoff, options_.max_backoff);
      org.reopen_at = std::chrono::steady_clock::now() + org.backoff;
      continue;
    }
    auto* stream = new Stream(*this, due, known, std::move(ctx));
    org.stream = stream;
    ++live_streams_;
    lock.unlock();
    stream->start();
    lock.lock();
    // The destructor may have cancelled it before it started.
    if (stopping_ && orgs_[due].stream == stream) stream->cancel();
  }
}

}  // namespace zt::delivery
