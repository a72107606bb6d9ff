// The command client: one connection, reconnect once per failed command.
#include <hiredis/hiredis.h>

#include "reply.h"
#include "zt/redis/client.h"

namespace zt::redis {

Client::Client(Options options) : options_(std::move(options)) {}

Client::~Client() {
  if (ctx_ != nullptr) redisFree(ctx_);
}

void Client::connect_locked() {
  if (ctx_ != nullptr) {
    redisFree(ctx_);
    ctx_ = nullptr;
  }
  ctx_ = connect(options_, options_.command_timeout);
}

Reply Client::command_locked(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  argv.reserve(args.size());
  lens.reserve(args.size());
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (ctx_ == nullptr || ctx_->err != 0) connect_locked();
    auto* r = static_cast<redisReply*>(
        redisCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()));
    if (r != nullptr) {
      Reply out = convert_reply(r);
      freeReplyObject(r);
      return out;
    }
    if (attempt == 1) {
      std::string why = ctx_->errstr;
      redisFree(ctx_);
      ctx_ = nullptr;
      throw RedisError("redis: command failed on " + options_.host + ":" + std::to_string(options_.port) + ": " +
                       why);
    }
    redisFree(ctx_);
    ctx_ = nullptr;
  }
  return {};
}

Reply Client::command(const std::vector<std::string>& args) {
  std::lock_guard lock(mu_);
  return command_locked(args);
}

Reply Client::command(std::initializer_list<std::string_view> args) {
  std::vector<std::string> v;
  v.reserve(args.size());
  for (auto a : args) v.emplace_back(a);
  return command(v);
}

long long Client::publish(std::string_view channel, std::string_view message) {
  Reply r = command({"PUBLISH", channel, message});
  if (r.kind != Reply::Kind::kInteger) throw RedisError("redis: PUBLISH failed: " + r.str);
  return r.integer;
}

}  // namespace zt::redis
