// Principals (admins, devices' clients, services), trusted CAs, certificates.
#include <sstream>

#include "api_error.h"
#include "audit_log.h"
#include "statements.h"
#include "store.h"

namespace zt::controlhub {
namespace {

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

}  // namespace

nlohmann::json Store::create_principal(const std::string& org_id, const std::string& actor, const std::string& kind,
                                       const std::vector<std::string>& roles, const std::string& display_name,
                                       const NewCredentials& credentials, BytesView salt, BytesView hash) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (tx.exec_prepared(sql::kGetOrg.name, org_id).empty()) throw ApiError::not_found("org");
    tx.exec_prepared(sql::kInsertPrincipal.name, credentials.client_id, org_id, kind, join_roles(roles), "",
                     display_name, to_hex(salt), to_hex(hash));
    nlohmann::json p{{"clientId", credentials.client_id}, {"kind", kind}, {"roles", roles},
                     {"displayName", display_name}};
    write_audit(tx, {org_id, actor, kind + ".create", "principals/" + credentials.client_id, nullptr, p});
    tx.commit();
    return p;
  });
}

nlohmann::json Store::list_admins(const std::string& org_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row : tx.exec_prepared(sql::kListAdmins.name, org_id)) {
      auto roles = split_roles(row[1].as<std::string>());
      items.push_back({{"clientId", row[0].as<std::string>()}, {"role", roles.empty() ? "" : roles.front()},
                       {"displayName", row[2].as<std::string>()}});
    }
    return nlohmann::json{{"items", items}};
  });
}

void Store::delete_admin(const std::string& org_id, const std::string& actor, const std::string& client_id) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kDeleteAdmin.name, org_id, client_id);
    if (r.empty()) throw ApiError::not_found("admin");
    nlohmann::json before{{"clientId", client_id}, {"roles", split_roles(r[0][0].as<std::string>())},
                          {"displayName", r[0][1].as<std::string>()}};
    write_audit(tx, {org_id, actor, "admin.delete", "principals/" + client_id, before, nullptr});
    tx.commit();
  });
}

std::optional<Principal> Store::find_principal(const std::string& client_id) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<Principal> {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kFindPrincipal.name, client_id);
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    return Principal{row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                     split_roles(row[3].as<std::string>()), row[4].as<std::string>(), row[5].as<std::string>(),
                     from_hex(row[6].as<std::string>()), from_hex(row[7].as<std::string>())};
  });
}

bool Store::any_principal_exists() {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return !tx.exec_prepared(sql::kAnyPrincipal.name).empty();
  });
}

nlohmann::json Store::add_trusted_ca(const std::string& org_id, const std::string& actor, const std::string& pem,
                                     const std::string& subject, int64_t not_after_unix) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kInsertTrustedCa.name, org_id, pem, subject, not_after_unix);
    std::string id = r[0][0].as<std::string>();
    nlohmann::json ca{{"id", id}, {"subject", subject}, {"notAfter", not_after_unix}};
    write_audit(tx, {org_id, actor, "trusted_ca.create", "trustedCas/" + id, nullptr, ca});
    tx.commit();
    ca["pem"] = pem;
    return ca;
  });
}

nlohmann::json Store::list_trusted_cas(const std::string& org_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row : tx.exec_prepared(sql::kListTrustedCas.name, org_id)) {
      items.push_back({{"id", row[0].as<std::string>()}, {"subject", row[1].as<std::string>()},
                       {"notAfter", row[2].as<int64_t>()}, {"pem", row[3].as<std::string>()}});
    }
    return nlohmann::json{{"items", items}};
  });
}

std::vector<std::string> Store::trusted_ca_pems(const std::string& org_id) {
  std::vector<std::string> out;
  nlohmann::json list = list_trusted_cas(org_id);
  for (const auto& item : list["items"]) out.push_back(item["pem"].get<std::string>());
  return out;
}

void Store::delete_trusted_ca(const std::string& org_id, const std::string& actor, const std::string& ca_id) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kDeleteTrustedCa.name, org_id, ca_id);
    if (r.empty()) throw ApiError::not_found("trusted CA");
    write_audit(tx, {org_id, actor, "trusted_ca.delete", "trustedCas/" + ca_id,
                     {{"id", ca_id}, {"subject", r[0][0].as<std::string>()}}, nullptr});
    tx.commit();
  });
}

void Store::record_certificate(const std::string& org_id, const std::string& actor, const std::string& device_id,
                               const std::string& serial, const std::string& pem, int64_t not_after_unix) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kInsertCertificate.name, serial, org_id, device_id, pem, not_after_unix);
    write_audit(tx, {org_id, actor, "certificate.issue", "devices/" + device_id, nullptr,
                     {{"serial", serial}, {"notAfter", not_after_unix}}});
    tx.commit();
  });
}

std::vector<pg::Statement> Store::statements() {
  using namespace sql;
  return {kInsertAudit, kListAudit, kInsertOrg, kInsertOrgSettings, kGetOrg, kGetSettings, kLockSettings,
          kUpdateCalling, kUpdateMeetings, kInsertUser, kListUsers, kGetUser, kDeleteUser, kInsertLine,
          kListLines, kInsertDevice, kListDevices, kGetDevice, kDeleteDevice, kInsertPrincipal, kFindPrincipal,
          kAnyPrincipal, kListAdmins, kDeleteAdmin, kInsertTrustedCa, kListTrustedCas, kDeleteTrustedCa,
          kInsertCertificate, kClaimIdempotencyKey, kGetIdempotencyKey, kFinishIdempotencyKey,
          kReleaseIdempotencyKey, kListSigningKeys, kInsertSigningKey, kGetCa, kInsertCa, kBootstrapLock,
          kOrgByName, kEnsureOrgSettings};
}

}  // namespace zt::controlhub
