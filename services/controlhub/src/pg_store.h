// The Store on PostgreSQL: every write is one transaction that also inserts
// its audit event, so a change and its audit record commit or fail together.
// SQL is in statements.h.
#pragma once

#include <vector>

#include "domain_error.h"
#include "store.h"
#include "zt/pg/pool.h"

namespace zt::controlhub {

class PgStore final : public Store {
 public:
  explicit PgStore(pg::Pool& pool) : pool_(pool) {}

  // The statements PgStore uses; pass to PoolOptions::statements or add_statement.
  static std::vector<pg::Statement> statements();

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

 private:
  // pool_.run, with the constraint violations a racing writer can cause
  // turned into DomainError.
  template <class F>
  auto run(F&& fn) -> decltype(fn(std::declval<pqxx::connection&>())) {
    try {
      return pool_.run(std::forward<F>(fn));
    } catch (const pqxx::foreign_key_violation&) {
      throw DomainError::not_found("referenced resource");
    } catch (const pqxx::unique_violation&) {
      throw DomainError::already_exists("the resource exists already");
    }
  }

  pg::Pool& pool_;
};

// Roles as PostgreSQL's array_to_string(roles, ',') gives them.
std::vector<std::string> split_roles(const std::string& csv);
std::string join_roles(const std::vector<std::string>& roles);

}  // namespace zt::controlhub
