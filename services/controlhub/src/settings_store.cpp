// Org settings and the audit trail.
#include "audit_log.h"
#include "pg_store.h"
#include "record_json.h"
#include "statements.h"

namespace zt::controlhub {
namespace {

OrgSettings settings_from_row(const std::string& org_id, const pqxx::row& r) {
  OrgSettings s;
  s.org_id = org_id;
  s.version = r[0].as<int64_t>();
  s.calling_version = r[1].as<int64_t>();
  s.meetings_version = r[2].as<int64_t>();
  s.calling_e2ee_enabled = r[3].as<bool>();
  s.default_meeting_type = r[4].as<std::string>();
  s.personal_room_e2ee = r[5].as<bool>();
  return s;
}

OrgSettings lock_settings(pqxx::work& tx, const std::string& org_id) {
  auto r = tx.exec_prepared(sql::kLockSettings.name, org_id);
  if (r.empty()) throw DomainError::not_found("org");
  return settings_from_row(org_id, r[0]);
}

void check_if_match(std::optional<int64_t> if_match, int64_t current) {
  if (if_match && *if_match != current) throw DomainError::stale();
}

}  // namespace

OrgSettings PgStore::get_settings(const std::string& org_id) {
  return run([&](pqxx::connection& c) {
    pqxx::nontransaction tx(c);  // one statement: no BEGIN/COMMIT round trips
    auto r = tx.exec_prepared(sql::kGetSettings.name, org_id);
    if (r.empty()) throw DomainError::not_found("org");
    return settings_from_row(org_id, r[0]);
  });
}

OrgSettings PgStore::put_calling(const std::string& org_id, const std::string& actor,
                                 std::optional<int64_t> if_match, bool e2ee_enabled) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    OrgSettings before = lock_settings(tx, org_id);
    check_if_match(if_match, before.calling_version);
    tx.exec_prepared(sql::kUpdateCalling.name, org_id, e2ee_enabled);
    OrgSettings after = before;
    after.calling_e2ee_enabled = e2ee_enabled;
    after.calling_version += 1;
    after.version += 1;
    write_audit(tx,
                {org_id, actor, "settings.calling.update", "orgs/" + org_id + "/settings/calling",
                 settings_calling_json(before), settings_calling_json(after)});
    tx.commit();
    return after;
  });
}

OrgSettings PgStore::put_meetings(const std::string& org_id, const std::string& actor,
                                  std::optional<int64_t> if_match, const MeetingsSettings& value) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    OrgSettings before = lock_settings(tx, org_id);
    check_if_match(if_match, before.meetings_version);
    tx.exec_prepared(sql::kUpdateMeetings.name, org_id, value.default_meeting_type,
                     value.personal_room_e2ee);
    OrgSettings after = before;
    after.default_meeting_type = value.default_meeting_type;
    after.personal_room_e2ee = value.personal_room_e2ee;
    after.meetings_version += 1;
    after.version += 1;
    write_audit(tx,
                {org_id, actor, "settings.meetings.update", "orgs/" + org_id + "/settings/meetings",
                 settings_meetings_json(before), settings_meetings_json(after)});
    tx.commit();
    return after;
  });
}

AuditPage PgStore::list_audit(const std::string& org_id, int limit,
                              std::optional<int64_t> before_id) {
  return run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto r =
        tx.exec_prepared(sql::kListAudit.name, org_id, before_id.value_or(INT64_MAX), limit + 1);
    AuditPage page;
    for (int i = 0; i < std::min<int>(limit, static_cast<int>(r.size())); ++i) {
      const auto& row = r[static_cast<pqxx::result::size_type>(i)];
      page.items.push_back(
          {row[0].as<int64_t>(), row[1].as<std::string>(), row[2].as<std::string>(),
           row[3].as<std::string>(), nlohmann::json::parse(row[4].as<std::string>()),
           nlohmann::json::parse(row[5].as<std::string>()), row[6].as<std::string>()});
    }
    if (static_cast<int>(r.size()) > limit)
      page.next_cursor = r[static_cast<pqxx::result::size_type>(limit - 1)][0].as<int64_t>();
    return page;
  });
}

}  // namespace zt::controlhub
