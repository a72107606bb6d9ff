// Redis over hiredis 0.14: a command client and a pub/sub subscriber, both
// reconnecting on their own.
//
//   zt::redis::Client redis({.host = "127.0.0.1", .port = 56379});
//   redis.command({"SET", "k", "v"});
//   zt::redis::Reply r = redis.command({"GET", "k"});      // r.str == "v"
//   redis.publish("zt.policy", payload);
//
//   zt::redis::Subscriber sub(opts, {"zt.policy"},
//       [](const std::string& channel, const std::string& message) { ... });
//
// Client: one connection guarded by a mutex; connect and command timeouts;
// a command that fails on a broken connection reconnects and is sent once
// more; if that fails too it throws RedisError. Subscriber: a thread that
// (re)connects with backoff, SUBSCRIBEs, and delivers each message on that
// thread; after the server comes back it resubscribes and delivers whatever
// is published from then on (pub/sub keeps nothing in between).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

struct redisContext;

namespace zt::redis {

struct Options {
  std::string host = "127.0.0.1";
  int port = 56379;
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{1000};
};

class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Reply {
  enum class Kind { kNil, kString, kStatus, kInteger, kArray, kError };
  Kind kind = Kind::kNil;
  std::string str;        // kString, kStatus, kError
  long long integer = 0;  // kInteger
  std::vector<Reply> elements;  // kArray
};

class Client {
 public:
  explicit Client(Options options);  // connects lazily
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Sends one command (binary-safe arguments). A Redis error reply is
  // returned as Kind::kError, not thrown.
  Reply command(const std::vector<std::string>& args);
  Reply command(std::initializer_list<std::string_view> args);
  // PUBLISH; returns the number of subscribers that received it.
  long long publish(std::string_view channel, std::string_view message);

 private:
  Reply command_locked(const std::vector<std::string>& args);
  void connect_locked();

  Options options_;
  std::mutex mu_;
  redisContext* ctx_ = nullptr;
};

class Subscriber {
 public:
  using Handler = std::function<void(const std::string& channel, const std::string& message)>;

  Subscriber(Options options, std::vector<std::string> channels, Handler handler);
  ~Subscriber();  // stops the thread
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // How many times the subscription has been confirmed by a server (1 after
  // the first connect, 2 after one reconnect, ...).
  uint64_t subscriptions() const { return subscriptions_.load(); }
  // Waits until subscriptions() >= n; false on timeout.
  bool wait_subscribed(uint64_t n, std::chrono::milliseconds timeout) const;

 private:
  void loop();
  bool run_connection();

  Options options_;
  std::vector<std::string> channels_;
  Handler handler_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> subscriptions_{0};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  int fd_ = -1;  // the live socket, for stop() to shut down
  std::thread thread_;
};

}  // namespace zt::redis
