#include <hiredis/hiredis.h>

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>

#include "zt/testing/env.h"
#include "zt/testing/redis.h"

namespace zt::testing {
namespace {

bool ping(int port) {
  timeval tv{0, 200'000};
  redisContext* c = redisConnectWithTimeout("127.0.0.1", port, tv);
  bool ok = false;
  if (c != nullptr && c->err == 0) {
    auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
    ok = r != nullptr && r->type == REDIS_REPLY_STATUS;
    if (r != nullptr) freeReplyObject(r);
  }
  if (c != nullptr) redisFree(c);
  return ok;
}

}  // namespace

PrivateRedis::PrivateRedis() : port_(free_port()) { start(); }

PrivateRedis::~PrivateRedis() { stop(); }

void PrivateRedis::start() {
  if (process_) return;
  process_ = std::make_unique<Process>(
      "/usr/bin/redis-server",
      std::vector<std::string>{"--bind", "127.0.0.1", "--port", std::to_string(port_), "--save", "",
                               "--appendonly", "no", "--daemonize", "no"});
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!ping(port_)) {
    if (!process_->running() || std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("PrivateRedis: redis-server did not start: " + process_->stdout_text());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void PrivateRedis::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(10));
  process_.reset();
}

}  // namespace zt::testing
