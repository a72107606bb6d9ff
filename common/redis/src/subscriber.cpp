// The pub/sub subscriber thread: connect, SUBSCRIBE, deliver, reconnect.
#include <hiredis/hiredis.h>
#include <sys/socket.h>

#include "reply.h"
#include "zt/log/log.h"
#include "zt/redis/client.h"

namespace zt::redis {
namespace {
constexpr std::chrono::milliseconds kMaxBackoff{1000};
}

Subscriber::Subscriber(Options options, std::vector<std::string> channels, Handler handler)
    : options_(std::move(options)), channels_(std::move(channels)), handler_(std::move(handler)) {
  thread_ = std::thread([this] { loop(); });
}

Subscriber::~Subscriber() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
  }
  cv_.notify_all();
  thread_.join();
}

bool Subscriber::wait_subscribed(uint64_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return subscriptions_.load() >= n; });
}

void Subscriber::loop() {
  std::chrono::milliseconds backoff{50};
  while (!stop_) {
    if (run_connection()) backoff = std::chrono::milliseconds{50};
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, backoff, [&] { return stop_.load(); });
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

// One connection's life; true if it got as far as a confirmed subscription.
bool Subscriber::run_connection() {
  redisContext* c = nullptr;
  try {
    c = connect(options_, std::chrono::milliseconds{0});
  } catch (const RedisError&) {
    return false;
  }
  {
    std::lock_guard lock(mu_);
    if (stop_) {
      redisFree(c);
      return false;
    }
    fd_ = c->fd;
  }
  std::vector<const char*> argv{"SUBSCRIBE"};
  std::vector<size_t> lens{9};
  for (const auto& ch : channels_) {
    argv.push_back(ch.data());
    lens.push_back(ch.size());
  }
  redisAppendCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lens.data());
  size_t confirmed = 0;
  bool subscribed = false;
  while (!stop_) {
    void* raw = nullptr;
    if (redisGetReply(c, &raw) != REDIS_OK || raw == nullptr) break;
    Reply r = convert_reply(static_cast<redisReply*>(raw));
    freeReplyObject(raw);
    if (r.kind != Reply::Kind::kArray || r.elements.size() < 3) continue;
    const std::string& type = r.elements[0].str;
    if (type == "subscribe" && ++confirmed == channels_.size()) {
      subscribed = true;
      {
        std::lock_guard lock(mu_);
        subscriptions_.fetch_add(1);
      }
      cv_.notify_all();
    } else if (type == "message") {
      try {
        handler_(r.elements[1].str, r.elements[2].str);
      } catch (const std::exception& e) {
        log::error("redis subscriber handler threw", {log::field("error", e.what())});
      }
    }
  }
  {
    std::lock_guard lock(mu_);
    fd_ = -1;
  }
  redisFree(c);
  if (!stop_) log::warn("redis subscription lost; reconnecting", {log::field("port", options_.port)});
  return subscribed;
}

}  // namespace zt::redis
