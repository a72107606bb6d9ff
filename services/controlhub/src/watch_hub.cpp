#include "watch_hub.h"

#include "domain_error.h"
#include "zt/log/log.h"

namespace zt::controlhub {
namespace {

grpc::ByteBuffer serialize(const OrgSettings& s) {
  grpc::Slice slice(policy_proto(s).SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

grpc::Status shutting_down() {
  return {grpc::StatusCode::UNAVAILABLE,
          "controlhub is shutting down: watch again (another replica)"};
}

}  // namespace

v1::OrgPolicy policy_proto(const OrgSettings& s) {
  v1::OrgPolicy p;
  p.set_org_id(s.org_id);
  p.set_version(static_cast<uint64_t>(s.version));
  p.set_calling_e2ee_enabled(s.calling_e2ee_enabled);
  p.set_default_meeting_type(s.default_meeting_type);
  p.set_personal_room_e2ee(s.personal_room_e2ee);
  return p;
}

PolicyWatch::PolicyWatch(WatchHub& hub, std::string org_id, std::string principal)
    : hub_(hub), org_id_(std::move(org_id)), principal_(std::move(principal)) {}

void PolicyWatch::offer(const OrgSettings& settings) {
  std::lock_guard lock(mu_);
  if (finished_ || end_status_ || settings.version <= offered_version_) return;
  offered_version_ = settings.version;
  pending_ = settings;
  if (!writing_) write_pending_locked();
}

void PolicyWatch::write_pending_locked() {
  buffer_ = serialize(*pending_);
  pending_.reset();
  writing_ = true;
  StartWrite(&buffer_);
}

void PolicyWatch::end(const grpc::Status& status) {
  std::lock_guard lock(mu_);
  if (finished_ || end_status_) return;
  end_status_ = status;
  if (!writing_) finish_locked(status);
}

void PolicyWatch::finish_locked(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  Finish(status);
}

void PolicyWatch::OnWriteDone(bool ok) {
  std::lock_guard lock(mu_);
  writing_ = false;
  if (!ok) return finish_locked(grpc::Status::OK);  // the client is gone
  if (end_status_) return finish_locked(*end_status_);
  if (pending_) write_pending_locked();
}

void PolicyWatch::OnCancel() {
  std::lock_guard lock(mu_);
  if (!writing_)
    finish_locked(grpc::Status::CANCELLED);
  else
    end_status_ = grpc::Status::CANCELLED;
}

void PolicyWatch::OnDone() {
  hub_.remove(this);              // after this, the hub never touches the stream again
  { std::lock_guard lock(mu_); }  // and whoever called Finish() has let go of it
  delete this;
}

WatchHub::WatchHub(Store& store, PolicyBus& bus, std::chrono::milliseconds resync_interval,
                   size_t max_per_principal)
    : store_(store),
      bus_(bus),
      resync_interval_(resync_interval),
      max_per_principal_(max_per_principal) {
  listener_ = bus_.add_listener([this](const std::string& org_id, int64_t) { enqueue(org_id); });
  worker_ = std::thread([this] { run(); });
}

WatchHub::~WatchHub() {
  bus_.remove_listener(listener_);
  stop();
  {
    std::lock_guard lock(mu_);
    exiting_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchHub::open(const std::string& org_id,
                                                           const std::string& principal) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return new FinishedWatch(shutting_down());
    size_t& count = per_principal_[principal];
    if (count >= max_per_principal_) {
      throw DomainError(
          ErrorCode::kResourceExhausted,
          "this principal has " + std::to_string(count) + " open policy watches, the most allowed");
    }
    ++count;  // reserved before the read, so a burst cannot pass the cap
  }
  auto* watch = new PolicyWatch(*this, org_id, principal);
  try {
    // Every stream starts with the current policy, so a reconnecting watcher knows where it stands.
    watch->offer(store_.get_settings(org_id));
  } catch (...) {
    delete watch;
    std::lock_guard lock(mu_);
    release(principal);
    throw;
  }
  std::lock_guard lock(mu_);
  by_org_[org_id].insert(watch);
  if (stopping_) watch->end(shutting_down());  // stop() ran during the read
  return watch;
}

void WatchHub::release(const std::string& principal) {
  auto p = per_principal_.find(principal);
  if (p != per_principal_.end() && --p->second == 0) per_principal_.erase(p);
}

void WatchHub::remove(PolicyWatch* watch) {
  std::lock_guard lock(mu_);
  auto org = by_org_.find(watch->org_id());
  if (org == by_org_.end() || org->second.erase(watch) == 0) return;
  if (org->second.empty()) by_org_.erase(org);
  release(watch->principal());
}

void WatchHub::stop() {
  std::lock_guard lock(mu_);
  stopping_ = true;
  for (auto& [org, watches] : by_org_) {
    for (PolicyWatch* w : watches) w->end(shutting_down());
  }
}

size_t WatchHub::open_streams() const {
  std::lock_guard lock(mu_);
  size_t n = 0;
  for (const auto& [org, watches] : by_org_) n += watches.size();
  return n;
}

void WatchHub::enqueue(const std::string& org_id) {
  {
    std::lock_guard lock(mu_);
    if (!by_org_.count(org_id)) return;
    queue_.push_back(org_id);
  }
  cv_.notify_all();
}

void WatchHub::run() {
  auto next_resync = std::chrono::steady_clock::now() + resync_interval_;
  std::unique_lock lock(mu_);
  while (!exiting_) {
    cv_.wait_until(lock, next_resync, [&] { return exiting_ || !queue_.empty(); });
    if (exiting_) break;
    if (queue_.empty()) {  // resync: re-read every watched org
      for (const auto& [org, watches] : by_org_) queue_.push_back(org);
      next_resync = std::chrono::steady_clock::now() + resync_interval_;
    }
    std::set<std::string> orgs(queue_.begin(), queue_.end());
    queue_.clear();
    for (const auto& org : orgs) {
      lock.unlock();
      std::optional<OrgSettings> settings;
      try {
        settings = store_.get_settings(org);
      } catch (const std::exception& e) {
        log::warn("policy watch read failed",
                  {log::field("org", org), log::field("error", e.what())});
      }
      lock.lock();
      auto it = by_org_.find(org);
      if (!settings || it == by_org_.end()) continue;
      for (PolicyWatch* w : it->second) w->offer(*settings);
    }
  }
}

}  // namespace zt::controlhub
