// Principals (admins, devices' clients, services), trusted CAs, certificates.
#include <sstream>

#include "admin_removal.h"
#include "audit_log.h"
#include "pg_store.h"
#include "record_json.h"
#include "statements.h"

namespace zt::controlhub {

std::vector<std::string> split_roles(const std::string& csv) {
  std::vector<std::string> out;
  std::stringstream ss(csv);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

std::string join_roles(const std::vector<std::string>& roles) {
  std::string out;
  for (const auto& r : roles) out += (out.empty() ? "" : ",") + r;
  return out;
}

PrincipalRecord PgStore::create_principal(const std::string& org_id, const std::string& actor,
                                          const PrincipalRecord& principal,
                                          const StoredCredentials& credentials) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (tx.exec_prepared(sql::kGetOrg.name, org_id).empty()) throw DomainError::not_found("org");
    tx.exec_prepared(sql::kInsertPrincipal.name, credentials.client_id, org_id, principal.kind,
                     join_roles(principal.roles), "", principal.display_name,
                     to_hex(credentials.salt), to_hex(credentials.hash));
    PrincipalRecord created = principal;
    created.client_id = credentials.client_id;
    created.org_id = org_id;
    write_audit(tx, {org_id, actor, created.kind + ".create", "principals/" + created.client_id,
                     nullptr, to_json(created)});
    tx.commit();
    return created;
  });
}

std::vector<PrincipalRecord> PgStore::list_admins(const std::string& org_id) {
  return run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<PrincipalRecord> admins;
    for (const auto& row : tx.exec_prepared(sql::kListAdmins.name, org_id)) {
      admins.push_back({row[0].as<std::string>(), org_id, "admin",
                        split_roles(row[1].as<std::string>()), row[2].as<std::string>()});
    }
    return admins;
  });
}

void PgStore::delete_admin(const std::string& org_id, const std::string& actor,
                           const std::string& client_id, bool actor_is_deployment_admin) {
  run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    std::vector<PrincipalRecord> admins;
    for (const auto& row : tx.exec_prepared(sql::kLockAdmins.name, org_id)) {
      admins.push_back({row[0].as<std::string>(), row[1].as<std::string>(), "admin",
                        split_roles(row[2].as<std::string>()), row[3].as<std::string>()});
    }
    auto target = std::find_if(admins.begin(), admins.end(), [&](const PrincipalRecord& a) {
      return a.client_id == client_id && a.org_id == org_id;
    });
    if (target == admins.end()) throw DomainError::not_found("admin");
    check_admin_removal(*target, admins, actor_is_deployment_admin);
    tx.exec_prepared(sql::kDeleteAdmin.name, org_id, client_id);
    nlohmann::json before{
        {"clientId", client_id}, {"roles", target->roles}, {"displayName", target->display_name}};
    write_audit(tx, {org_id, actor, "admin.delete", "principals/" + client_id, before, nullptr});
    tx.commit();
  });
}

std::optional<Principal> PgStore::find_principal(const std::string& client_id) {
  return run([&](pqxx::connection& c) -> std::optional<Principal> {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kFindPrincipal.name, client_id);
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    return Principal{row[0].as<std::string>(),
                     row[1].as<std::string>(),
                     row[2].as<std::string>(),
                     split_roles(row[3].as<std::string>()),
                     row[4].as<std::string>(),
                     row[5].as<std::string>(),
                     from_hex(row[6].as<std::string>()),
                     from_hex(row[7].as<std::string>()),
                     row[8].as<bool>()};
  });
}

TrustedCa PgStore::add_trusted_ca(const std::string& org_id, const std::string& actor,
                                  const TrustedCa& ca) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r =
        tx.exec_prepared(sql::kInsertTrustedCa.name, org_id, ca.pem, ca.subject, ca.not_after_unix);
    TrustedCa created = ca;
    created.id = r[0][0].as<std::string>();
    write_audit(
        tx,
        {org_id,
         actor,
         "trusted_ca.create",
         "trustedCas/" + created.id,
         nullptr,
         {{"id", created.id}, {"subject", created.subject}, {"notAfter", created.not_after_unix}}});
    tx.commit();
    return created;
  });
}

std::vector<TrustedCa> PgStore::list_trusted_cas(const std::string& org_id) {
  return run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<TrustedCa> cas;
    for (const auto& row : tx.exec_prepared(sql::kListTrustedCas.name, org_id)) {
      cas.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<int64_t>(),
                     row[3].as<std::string>()});
    }
    return cas;
  });
}

void PgStore::delete_trusted_ca(const std::string& org_id, const std::string& actor,
                                const std::string& ca_id) {
  run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kDeleteTrustedCa.name, org_id, ca_id);
    if (r.empty()) throw DomainError::not_found("trusted CA");
    write_audit(tx, {org_id,
                     actor,
                     "trusted_ca.delete",
                     "trustedCas/" + ca_id,
                     {{"id", ca_id}, {"subject", r[0][0].as<std::string>()}},
                     nullptr});
    tx.commit();
  });
}

void PgStore::record_certificate(const std::string& org_id, const std::string& actor,
                                 const IssuedCertificateRecord& cert) {
  run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kInsertCertificate.name, cert.serial, org_id, cert.device_id, cert.pem,
                     cert.not_after_unix);
    write_audit(tx, {org_id,
                     actor,
                     "certificate.issue",
                     "devices/" + cert.device_id,
                     nullptr,
                     {{"serial", cert.serial}, {"notAfter", cert.not_after_unix}}});
    tx.commit();
  });
}

std::vector<pg::Statement> PgStore::statements() {
  using namespace sql;
  return {kInsertAudit,
          kListAudit,
          kInsertOrg,
          kInsertOrgSettings,
          kGetOrg,
          kGetSettings,
          kLockSettings,
          kUpdateCalling,
          kUpdateMeetings,
          kInsertUser,
          kListUsers,
          kGetUser,
          kDeleteUser,
          kInsertLine,
          kListLines,
          kInsertDevice,
          kListDevices,
          kGetDevice,
          kDeleteDevice,
          kDevicePrincipals,
          kUserDevicePrincipals,
          kInsertPrincipal,
          kFindPrincipal,
          kAnyPrincipal,
          kListAdmins,
          kLockAdmins,
          kDeleteAdmin,
          kInsertTrustedCa,
          kListTrustedCas,
          kDeleteTrustedCa,
          kInsertCertificate,
          kListSigningKeys,
          kInsertSigningKey,
          kGetCa,
          kInsertCa,
          kBootstrapLock,
          kOrgByName,
          kEnsureOrgSettings};
}

}  // namespace zt::controlhub
