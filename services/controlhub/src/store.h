// Control Hub state in PostgreSQL. Every write runs in one transaction that
// also inserts its audit event, so a change and its audit record commit or
// fail together. Failures the caller caused throw ApiError (404/409/412).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/pg/pool.h"

namespace zt::controlhub {

struct OrgSettings {
  std::string org_id;
  int64_t version = 0;
  int64_t calling_version = 0;
  int64_t meetings_version = 0;
  bool calling_e2ee_enabled = false;
  std::string default_meeting_type = "standard";
  bool personal_room_e2ee = false;
};

struct MeetingsSettings {
  std::string default_meeting_type;
  bool personal_room_e2ee = false;
};

struct Principal {
  std::string client_id;
  std::string org_id;
  std::string kind;  // admin | device | service
  std::vector<std::string> roles;
  std::string device_id;  // devices only
  std::string user_id;    // the device's user, if any
  Bytes secret_salt;
  Bytes secret_hash;
};

// A new principal's one-time credentials (the secret is shown once).
struct NewCredentials {
  std::string client_id;
  std::string client_secret;
};

struct AuditPage {
  nlohmann::json items = nlohmann::json::array();
  std::optional<int64_t> next_cursor;
};

struct DeviceRecord {
  std::string id, org_id, user_id, kind, display_name;
  bool e2ee_capable = false;
  nlohmann::json to_json() const;
};

class Store {
 public:
  explicit Store(pg::Pool& pool) : pool_(pool) {}

  // The statements Store uses; pass to PoolOptions::statements or add_statement.
  static std::vector<pg::Statement> statements();

  // Orgs
  nlohmann::json create_org(const std::string& actor, const std::string& name);
  nlohmann::json get_org(const std::string& org_id);
  bool org_exists(const std::string& org_id);

  // Settings
  OrgSettings get_settings(const std::string& org_id);
  OrgSettings put_calling(const std::string& org_id, const std::string& actor,
                          std::optional<int64_t> if_match, bool e2ee_enabled);
  OrgSettings put_meetings(const std::string& org_id, const std::string& actor,
                           std::optional<int64_t> if_match, const MeetingsSettings& value);

  // Users and lines
  nlohmann::json create_user(const std::string& org_id, const std::string& actor, const std::string& email,
                             const std::string& display_name);
  nlohmann::json list_users(const std::string& org_id);
  nlohmann::json get_user(const std::string& org_id, const std::string& user_id);
  void delete_user(const std::string& org_id, const std::string& actor, const std::string& user_id);
  nlohmann::json create_line(const std::string& org_id, const std::string& actor, const std::string& user_id,
                             const std::string& kind, const std::string& number);
  nlohmann::json list_lines(const std::string& org_id, const std::string& user_id);

  // Devices (each with its own client credentials)
  nlohmann::json create_device(const std::string& org_id, const std::string& actor, const DeviceRecord& device,
                               const NewCredentials& credentials, BytesView salt, BytesView hash);
  nlohmann::json list_devices(const std::string& org_id);
  std::optional<DeviceRecord> find_device(const std::string& device_id);
  void delete_device(const std::string& org_id, const std::string& actor, const std::string& device_id);

  // Admins and service principals
  nlohmann::json create_principal(const std::string& org_id, const std::string& actor, const std::string& kind,
                                  const std::vector<std::string>& roles, const std::string& display_name,
                                  const NewCredentials& credentials, BytesView salt, BytesView hash);
  nlohmann::json list_admins(const std::string& org_id);
  void delete_admin(const std::string& org_id, const std::string& actor, const std::string& client_id);
  std::optional<Principal> find_principal(const std::string& client_id);
  bool any_principal_exists();

  // Trusted external CAs
  nlohmann::json add_trusted_ca(const std::string& org_id, const std::string& actor, const std::string& pem,
                                const std::string& subject, int64_t not_after_unix);
  nlohmann::json list_trusted_cas(const std::string& org_id);
  std::vector<std::string> trusted_ca_pems(const std::string& org_id);
  void delete_trusted_ca(const std::string& org_id, const std::string& actor, const std::string& ca_id);

  // Audit
  AuditPage list_audit(const std::string& org_id, int limit, std::optional<int64_t> before_id);

  // Certificates issued to devices (audited as certificate.issue)
  void record_certificate(const std::string& org_id, const std::string& actor, const std::string& device_id,
                          const std::string& serial, const std::string& pem, int64_t not_after_unix);

  pg::Pool& pool() { return pool_; }

 private:
  pg::Pool& pool_;
};

nlohmann::json settings_calling_json(const OrgSettings& s);
nlohmann::json settings_meetings_json(const OrgSettings& s);

}  // namespace zt::controlhub
