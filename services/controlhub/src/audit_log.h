// Writes one audit event inside the caller's transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <string>

namespace zt::controlhub {

struct AuditEvent {
  std::string org_id;
  std::string actor;
  std::string action;  // "settings.calling.update", "device.create", ...
  std::string target;
  nlohmann::json before;  // null when created
  nlohmann::json after;   // null when deleted
};

void write_audit(pqxx::work& tx, const AuditEvent& event);

}  // namespace zt::controlhub
