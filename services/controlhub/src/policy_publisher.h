// Told after every committed settings change, so watchers hear of it.
#pragma once

#include "store.h"

namespace zt::controlhub {

class PolicyPublisher {
 public:
  virtual ~PolicyPublisher() = default;
  virtual void policy_changed(const OrgSettings& settings) = 0;
};

}  // namespace zt::controlhub
