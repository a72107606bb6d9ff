// Control Hub's state, in the domain's terms: plain records in, plain
// records out, and DomainError (domain_error.h) for what the caller asked
// wrongly (a missing resource, a taken name, a stale version, the last
// admin). PgStore is the PostgreSQL implementation; tests use an in-memory
// one. Every write also records its audit event, atomically with the change.
#pragma once

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/base/bytes.h"

namespace zt::controlhub {

struct Org {
  std::string id;
  std::string name;
};

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

struct User {
  std::string id;
  std::string email;
  std::string display_name;
};

struct Line {
  std::string id;
  std::string user_id;
  std::string kind;  // primary | shared | virtual
  std::string number;
};

struct DeviceRecord {
  std::string id, org_id, user_id, kind, display_name;
  bool e2ee_capable = false;
};

// An admin or service principal as listed and audited (no secret material).
struct PrincipalRecord {
  std::string client_id;
  std::string org_id;
  std::string kind;  // admin | device | service
  std::vector<std::string> roles;
  std::string display_name;

  bool has_role(std::string_view role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
};

// What authenticating a principal needs.
struct Principal {
  std::string client_id;
  std::string org_id;
  std::string kind;  // admin | device | service
  std::vector<std::string> roles;
  std::string device_id;  // devices only
  std::string user_id;    // the device's user, if any
  Bytes secret_salt;
  Bytes secret_hash;
  bool enabled = true;
};

// A new principal's one-time credentials (the secret is shown once).
struct NewCredentials {
  std::string client_id;
  std::string client_secret;
};

// What storage keeps of new credentials: never the secret itself.
struct StoredCredentials {
  std::string client_id;
  Bytes salt;
  Bytes hash;
};

struct TrustedCa {
  std::string id;
  std::string subject;
  int64_t not_after_unix = 0;
  std::string pem;
};

struct AuditEntry {
  int64_t id = 0;
  std::string actor, action, target;
  nlohmann::json before;  // null when created
  nlohmann::json after;   // null when deleted
  std::string time;       // RFC 3339, UTC
};

struct AuditPage {
  std::vector<AuditEntry> items;
  std::optional<int64_t> next_cursor;
};

struct IssuedCertificateRecord {
  std::string device_id;
  std::string serial;
  std::string pem;
  int64_t not_after_unix = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Orgs
  virtual Org create_org(const std::string& actor, const std::string& name) = 0;
  virtual Org get_org(const std::string& org_id) = 0;
  virtual bool org_exists(const std::string& org_id) = 0;

  // Settings; `if_match` set => refused as kStale unless it is the current version.
  virtual OrgSettings get_settings(const std::string& org_id) = 0;
  virtual OrgSettings put_calling(const std::string& org_id, const std::string& actor,
                                  std::optional<int64_t> if_match, bool e2ee_enabled) = 0;
  virtual OrgSettings put_meetings(const std::string& org_id, const std::string& actor,
                                   std::optional<int64_t> if_match,
                                   const MeetingsSettings& value) = 0;

  // Users and lines. Deleting a user deletes its devices: the returned client
  // ids are the principals that went with them.
  virtual User create_user(const std::string& org_id, const std::string& actor,
                           const std::string& email, const std::string& display_name) = 0;
  virtual std::vector<User> list_users(const std::string& org_id) = 0;
  virtual User get_user(const std::string& org_id, const std::string& user_id) = 0;
  virtual std::vector<std::string> delete_user(const std::string& org_id, const std::string& actor,
                                               const std::string& user_id) = 0;
  virtual Line create_line(const std::string& org_id, const std::string& actor,
                           const std::string& user_id, const std::string& kind,
                           const std::string& number) = 0;
  virtual std::vector<Line> list_lines(const std::string& org_id, const std::string& user_id) = 0;

  // Devices, each with its own principal. delete_device returns the removed
  // principals' client ids.
  virtual DeviceRecord create_device(const std::string& org_id, const std::string& actor,
                                     const DeviceRecord& device,
                                     const StoredCredentials& credentials) = 0;
  virtual std::vector<DeviceRecord> list_devices(const std::string& org_id) = 0;
  virtual std::optional<DeviceRecord> find_device(const std::string& device_id) = 0;
  virtual std::vector<std::string> delete_device(const std::string& org_id,
                                                 const std::string& actor,
                                                 const std::string& device_id) = 0;

  // Admins and service principals. delete_admin refuses (check_admin_removal)
  // removing the last deployment admin or the org's last full_admin, and a
  // deployment admin unless the actor is one.
  virtual PrincipalRecord create_principal(const std::string& org_id, const std::string& actor,
                                           const PrincipalRecord& principal,
                                           const StoredCredentials& credentials) = 0;
  virtual std::vector<PrincipalRecord> list_admins(const std::string& org_id) = 0;
  virtual void delete_admin(const std::string& org_id, const std::string& actor,
                            const std::string& client_id, bool actor_is_deployment_admin) = 0;
  virtual std::optional<Principal> find_principal(const std::string& client_id) = 0;

  // Trusted external CAs
  virtual TrustedCa add_trusted_ca(const std::string& org_id, const std::string& actor,
                                   const TrustedCa& ca) = 0;
  virtual std::vector<TrustedCa> list_trusted_cas(const std::string& org_id) = 0;
  virtual void delete_trusted_ca(const std::string& org_id, const std::string& actor,
                                 const std::string& ca_id) = 0;

  // Audit: newest first, `limit` entries older than `before_id`.
  virtual AuditPage list_audit(const std::string& org_id, int limit,
                               std::optional<int64_t> before_id) = 0;

  // Certificates issued to devices (audited as certificate.issue)
  virtual void record_certificate(const std::string& org_id, const std::string& actor,
                                  const IssuedCertificateRecord& certificate) = 0;
};

}  // namespace zt::controlhub
