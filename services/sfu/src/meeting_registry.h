// Which SFU node serves which meeting, kept in Redis for later cascading:
// key zt:sfu:meeting:<id> = node id, set while the node has members of it.
#pragma once

#include <string>

namespace zt::redis {
class Client;
}

namespace zt::sfu {

class MeetingRegistry {
 public:
  virtual ~MeetingRegistry() = default;
  virtual void meeting_active(const std::string& meeting) = 0;
  virtual void meeting_idle(const std::string& meeting) = 0;
};

class RedisMeetingRegistry final : public MeetingRegistry {
 public:
  static constexpr const char* kKeyPrefix = "zt:sfu:meeting:";

  RedisMeetingRegistry(redis::Client& redis, std::string node_id) : redis_(redis), node_(std::move(node_id)) {}

  // Best effort: a Redis failure is logged, never fails a Join.
  void meeting_active(const std::string& meeting) override;
  void meeting_idle(const std::string& meeting) override;

 private:
  redis::Client& redis_;
  std::string node_;
};

}  // namespace zt::sfu
