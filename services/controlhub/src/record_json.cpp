#include "record_json.h"

namespace zt::controlhub {

nlohmann::json to_json(const Org& org) { return {{"id", org.id}, {"name", org.name}}; }

nlohmann::json to_json(const User& user) {
  return {{"id", user.id}, {"email", user.email}, {"displayName", user.display_name}};
}

nlohmann::json to_json(const Line& line) {
  return {{"id", line.id}, {"userId", line.user_id}, {"kind", line.kind}, {"number", line.number}};
}

nlohmann::json to_json(const DeviceRecord& d) {
  nlohmann::json j{{"id", d.id},
                   {"orgId", d.org_id},
                   {"kind", d.kind},
                   {"e2eeCapable", d.e2ee_capable},
                   {"displayName", d.display_name}};
  j["userId"] = d.user_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.user_id);
  return j;
}

nlohmann::json to_json(const PrincipalRecord& p) {
  return {{"clientId", p.client_id},
          {"kind", p.kind},
          {"roles", p.roles},
          {"displayName", p.display_name}};
}

nlohmann::json admin_json(const PrincipalRecord& a) {
  return {{"clientId", a.client_id},
          {"role", a.roles.empty() ? "" : a.roles.front()},
          {"displayName", a.display_name}};
}

nlohmann::json to_json(const TrustedCa& ca) {
  return {{"id", ca.id}, {"subject", ca.subject}, {"notAfter", ca.not_after_unix}, {"pem", ca.pem}};
}

nlohmann::json to_json(const AuditEntry& e) {
  return {
      {"id", std::to_string(e.id)}, {"actor", e.actor}, {"action", e.action}, {"target", e.target},
      {"before", e.before},         {"after", e.after}, {"time", e.time}};
}

nlohmann::json settings_calling_json(const OrgSettings& s) {
  return {{"e2eeEnabled", s.calling_e2ee_enabled}};
}

nlohmann::json settings_meetings_json(const OrgSettings& s) {
  return {{"defaultMeetingType", s.default_meeting_type},
          {"personalRoomE2ee", s.personal_room_e2ee}};
}

}  // namespace zt::controlhub
