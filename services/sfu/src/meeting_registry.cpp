#include "meeting_registry.h"

#include "zt/log/log.h"
#include "zt/redis/client.h"

namespace zt::sfu {

void RedisMeetingRegistry::meeting_active(const std::string& meeting) {
  try {
    redis_.command({"SET", std::string(kKeyPrefix) + meeting, node_});
  } catch (const std::exception& e) {
    log::warn("sfu registry: SET failed", {{"error", e.what()}});
  }
}

void RedisMeetingRegistry::meeting_idle(const std::string& meeting) {
  try {
    std::string key = std::string(kKeyPrefix) + meeting;
    redis::Reply r = redis_.command({"GET", key});
    if (r.kind == redis::Reply::Kind::kString && r.str == node_) redis_.command({"DEL", key});
  } catch (const std::exception& e) {
    log::warn("sfu registry: DEL failed", {{"error", e.what()}});
  }
}

}  // namespace zt::sfu
