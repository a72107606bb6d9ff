#include "reply.h"

namespace zt::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

}  // namespace

Reply convert_reply(const redisReply* r) {
  Reply out;
  if (r == nullptr) return out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.kind = Reply::Kind::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.kind = Reply::Kind::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.kind = Reply::Kind::kError;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.kind = Reply::Kind::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = Reply::Kind::kArray;
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(convert_reply(r->element[i]));
      break;
    default:
      break;
  }
  return out;
}

redisContext* connect(const Options& options, std::chrono::milliseconds io_timeout) {
  const std::string where = options.host + ":" + std::to_string(options.port);
  redisContext* c = redisConnectWithTimeout(options.host.c_str(), options.port, to_timeval(options.connect_timeout));
  if (c == nullptr) throw RedisError("redis: cannot allocate a connection to " + where);
  if (c->err != 0) {
    std::string why = c->errstr;
    redisFree(c);
    throw RedisError("redis: cannot connect to " + where + ": " + why);
  }
  if (io_timeout.count() > 0) redisSetTimeout(c, to_timeval(io_timeout));
  redisEnableKeepAlive(c);
  return c;
}

}  // namespace zt::redis
