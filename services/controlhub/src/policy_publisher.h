// Told after every committed settings change, so watchers hear of it, and
// after principals are deleted, so every replica stops accepting their tokens.
#pragma once

#include <string>
#include <vector>

#include "store.h"

namespace zt::controlhub {

class PolicyPublisher {
 public:
  virtual ~PolicyPublisher() = default;
  virtual void policy_changed(const OrgSettings& settings) = 0;
  virtual void principals_revoked(const std::vector<std::string>& client_ids) = 0;
};

}  // namespace zt::controlhub
