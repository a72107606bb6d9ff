// An org's policy as the Delivery Service acts on it (Control Hub's
// OrgPolicy: the Calling E2EE toggle and the meetings settings) and where
// it comes from. OrgPolicyWatch (org_policy_watch.h) keeps it current from
// Control Hub's WatchOrgPolicy stream; a change applies without a restart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace zt::delivery {

struct OrgPolicy {
  std::string org_id;
  uint64_t version = 0;
  bool calling_e2ee_enabled = false;
  std::string default_meeting_type;  // "standard" or "e2ee"
  bool personal_room_e2ee = false;
};

class OrgPolicySource {
 public:
  virtual ~OrgPolicySource() = default;
  // The org's current policy; nullopt when Control Hub cannot be asked and
  // nothing is cached (the caller answers UNAVAILABLE).
  virtual std::optional<OrgPolicy> policy(const std::string& org_id) = 0;
};

}  // namespace zt::delivery
