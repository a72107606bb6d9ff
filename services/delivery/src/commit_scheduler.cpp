#include "commit_scheduler.h"

#include <algorithm>

#include "zt/base/bytes.h"
#include "zt/log/log.h"

namespace zt::delivery {
namespace {

std::string key_of(BytesView group_id) { return std::string(group_id.begin(), group_id.end()); }

BytesView to_view(const std::string& key) {
  return {reinterpret_cast<const uint8_t*>(key.data()), key.size()};
}

std::string presence_key(BytesView group_id) {
  return "zt.delivery.presence:" + to_hex(group_id);
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

CommitScheduler::CommitScheduler(Store& store, CommitCheck& check, Fanout& fanout,
                                 Joining& joining, redis::Client* redis,
                                 CommitSchedulerOptions options, DeliveryMetrics* metrics)
    : store_(store),
      check_(check),
      fanout_(fanout),
      joining_(joining),
      redis_(redis),
      options_(options),
      metrics_(metrics) {}

CommitScheduler::~CommitScheduler() { stop(); }

void CommitScheduler::start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, options_.interval, [this] { return stopping_; });
      if (stopping_) break;
      lock.unlock();
      try {
        tick();
      } catch (const std::exception& e) {
        log::warn("commit scheduler: round failed", {log::field("error", e.what())});
      }
      lock.lock();
    }
  });
}

void CommitScheduler::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CommitScheduler::observe(BytesView group_id, const v1::GroupMessage& message) {
  std::string id = key_of(group_id);
  std::lock_guard lock(mu_);
  if (message.kind() == v1::MESSAGE_KIND_PROPOSAL) {
    pending_.insert(std::move(id));
  } else if (message.kind() == v1::MESSAGE_KIND_COMMIT) {
    reissue_.insert(id);
    pending_.insert(std::move(id));  // proposals the commit left out stay pending
  }
}

void CommitScheduler::tick() {
  refresh_presence();
  std::set<std::string> reissue, pending;
  {
    std::lock_guard lock(mu_);
    reissue.swap(reissue_);
    pending = pending_;
  }
  for (const std::string& g : reissue) joining_.reissue(to_view(g));
  for (const std::string& g : pending) request(to_view(g));
}

void CommitScheduler::refresh_presence() {
  if (redis_ == nullptr) return;
  auto now = std::chrono::steady_clock::now();
  if (now - presence_refreshed_ < options_.presence_refresh) return;
  presence_refreshed_ = now;
  const std::string expiry = std::to_string(wall_ms() + options_.presence_ttl.count());
  for (const Bytes& g : fanout_.groups()) {
    std::vector<std::string> args{"ZADD", presence_key(g)};
    for (const auto& sink : fanout_.sinks_of(g)) {
      std::string device = sink->device_id();
      if (device.empty()) continue;
      args.push_back(expiry);
      args.push_back(std::move(device));
    }
    if (args.size() == 2) continue;
    try {
      redis_->command(args);
      redis_->command({"PEXPIRE", presence_key(g), std::to_string(options_.presence_ttl.count())});
    } catch (const redis::RedisError&) {
      return;  // without Redis each replica knows only its own streams
    }
  }
}

std::set<std::string> CommitScheduler::connected(BytesView group_id) {
  std::set<std::string> out;
  for (const auto& sink : fanout_.sinks_of(group_id)) {
    std::string device = sink->device_id();
    if (!device.empty()) out.insert(std::move(device));
  }
  if (redis_ == nullptr) return out;
  try {
    redis::Reply r = redis_->command(
        {"ZRANGEBYSCORE", presence_key(group_id), std::to_string(wall_ms()), "+inf"});
    for (const auto& e : r.elements) out.insert(e.str);
  } catch (const redis::RedisError&) {
  }
  return out;
}

void CommitScheduler::request(BytesView group_id) {
  auto group = store_.find_group(group_id);
  std::optional<int64_t> waited;
  if (group) waited = store_.pending_for_ms(group_id, group->epoch);
  if (!group || !waited) {  // nothing pending: the last commit took it all
    std::lock_guard lock(mu_);
    pending_.erase(key_of(group_id));
    asked_.erase(key_of(group_id));
    return;
  }
  auto local = fanout_.sinks_of(group_id);
  if (local.empty()) return;  // the committer is on another replica, if anywhere
  std::set<std::string> online = connected(group_id);
  std::vector<std::string> candidates;  // connected members, lowest leaf first
  for (const auto& [leaf, device] : check_.member_leaves(*group)) {
    if (online.count(device) != 0) candidates.push_back(device);
  }
  if (candidates.empty()) return;
  const auto turn = static_cast<std::size_t>(std::max<int64_t>(0, *waited) /
                                             std::max<int64_t>(1, options_.deadline.count()));
  const std::string& chosen = candidates[turn % candidates.size()];
  auto sink = std::find_if(local.begin(), local.end(),
                           [&](const auto& s) { return s->device_id() == chosen; });
  if (sink == local.end()) return;  // its replica asks it
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    Asked& last = asked_[key_of(group_id)];
    // Once per member and turn of an epoch (it commits everything pending
    // then), and never twice within one interval.
    if (last.epoch == group->epoch && last.turn == turn && last.device == chosen) return;
    if (now - last.at < options_.interval) return;
    last = {group->epoch, turn, chosen, now};
  }
  (*sink)->request_commit(group->epoch);
  if (metrics_)
    metrics_->commit_requests.Add({{"reason", turn == 0 ? "designated" : "takeover"}}).Increment();
}

}  // namespace zt::delivery
