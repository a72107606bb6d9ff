// The JSON form of Control Hub's records: REST response bodies and the
// before/after snapshots of audit events use the same shapes.
#pragma once

#include <nlohmann/json.hpp>

#include "store.h"

namespace zt::controlhub {

nlohmann::json to_json(const Org& org);
nlohmann::json to_json(const User& user);
nlohmann::json to_json(const Line& line);
nlohmann::json to_json(const DeviceRecord& device);
nlohmann::json to_json(const PrincipalRecord& principal);  // clientId, kind, roles, displayName
nlohmann::json admin_json(const PrincipalRecord& admin);   // clientId, role, displayName (listings)
nlohmann::json to_json(const TrustedCa& ca);               // with the PEM
nlohmann::json to_json(const AuditEntry& entry);
nlohmann::json settings_calling_json(const OrgSettings& settings);
nlohmann::json settings_meetings_json(const OrgSettings& settings);

// {"items": [...]} of any records above.
template <class T>
nlohmann::json items_json(const std::vector<T>& records) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : records) items.push_back(to_json(r));
  return {{"items", std::move(items)}};
}

}  // namespace zt::controlhub
