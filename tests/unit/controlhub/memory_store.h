// The Store in memory, for hermetic tests of the logic above it. It keeps
// the rules PgStore keeps (not found, taken names, If-Match versions, the
// last admins) but no audit trail.
#pragma once

#include <cstdio>
#include <map>
#include <mutex>

#include "store.h"

namespace zt::controlhub::testing {

class MemoryStore final : public Store {
 public:
  Org create_org(const std::string& actor, const std::string& name) override;
  Org get_org(const std::string& org_id) override;
  bool org_exists(const std::string& org_id) override;

  OrgSettings get_settings(const std::string& org_id) override;
  OrgSettings put_calling(const std::string& org_id, const std::string& actor,
                          std::optional<int64_t> if_match, bool e2ee_enabled) override;
  OrgSettings put_meetings(const std::string& org_id, const std::string& actor,
                           std::optional<int64_t> if_match, const MeetingsSettings& value) override;

  User create_user(const std::string& org_id, const std::string& actor, const std::string& email,
                   const std::string& display_name) override;
  std::vector<User> list_users(const std::string& org_id) override;
  User get_user(const std::string& org_id, const std::string& user_id) override;
  std::vector<std::string> delete_user(const std::string& org_id, const std::string& actor,
                                       const std::string& user_id) override;
  Line create_line(const std::string& org_id, const std::string& actor, const std::string& user_id,
                   const std::string& kind, const std::string& number) override;
  std::vector<Line> list_lines(const std::string& org_id, const std::string& user_id) override;

  DeviceRecord create_device(const std::string& org_id, const std::string& actor,
                             const DeviceRecord& device,
                             const StoredCredentials& credentials) override;
  std::vector<DeviceRecord> list_devices(const std::string& org_id) override;
  std::optional<DeviceRecord> find_device(const std::string& device_id) override;
  std::vector<std::string> delete_device(const std::string& org_id, const std::string& actor,
                                         const std::string& device_id) override;

  PrincipalRecord create_principal(const std::string& org_id, const std::string& actor,
                                   const PrincipalRecord& principal,
                                   const StoredCredentials& credentials) override;
  std::vector<PrincipalRecord> list_admins(const std::string& org_id) override;
  void delete_admin(const std::string& org_id, const std::string& actor,
                    const std::string& client_id, bool actor_is_deployment_admin) override;
  std::optional<Principal> find_principal(const std::string& client_id) override;

  TrustedCa add_trusted_ca(const std::string& org_id, const std::string& actor,
                           const TrustedCa& ca) override;
  std::vector<TrustedCa> list_trusted_cas(const std::string& org_id) override;
  void delete_trusted_ca(const std::string& org_id, const std::string& actor,
                         const std::string& ca_id) override;

  AuditPage list_audit(const std::string& org_id, int limit,
                       std::optional<int64_t> before_id) override;
  void record_certificate(const std::string& org_id, const std::string& actor,
                          const IssuedCertificateRecord& certificate) override;

  // Test hooks.
  void set_enabled(const std::string& client_id, bool enabled);
  int principal_lookups() const { return principal_lookups_; }

 private:
  struct StoredPrincipal {
    PrincipalRecord record;
    std::string device_id;
    bool enabled = true;
  };
  std::string new_id();
  void require_org(const std::string& org_id) const;

  std::mutex mu_;
  int next_id_ = 1;
  int principal_lookups_ = 0;
  std::map<std::string, Org> orgs_;
  std::map<std::string, OrgSettings> settings_;
  std::map<std::string, std::pair<std::string, User>> users_;  // id -> (org, user)
  std::map<std::string, Line> lines_;
  std::map<std::string, DeviceRecord> devices_;
  std::map<std::string, StoredPrincipal> principals_;
  std::map<std::string, std::pair<std::string, TrustedCa>> trusted_cas_;  // id -> (org, ca)
};

}  // namespace zt::controlhub::testing
