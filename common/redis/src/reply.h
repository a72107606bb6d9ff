// Conversion of hiredis replies and connection setup shared by Client and Subscriber.
#pragma once

#include <hiredis/hiredis.h>

#include <chrono>
#include <string>

#include "zt/redis/client.h"

namespace zt::redis {

Reply convert_reply(const redisReply* r);
// Connects with the connect timeout and sets `io_timeout` (0 = blocking).
// Throws RedisError naming host:port.
redisContext* connect(const Options& options, std::chrono::milliseconds io_timeout);

}  // namespace zt::redis
