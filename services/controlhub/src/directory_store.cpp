// Orgs, users, lines and devices.
#include "api_error.h"
#include "audit_log.h"
#include "statements.h"
#include "store.h"

namespace zt::controlhub {
namespace {

nlohmann::json user_json(const pqxx::row& r) {
  return {{"id", r[0].as<std::string>()}, {"email", r[1].as<std::string>()},
          {"displayName", r[2].as<std::string>()}};
}

DeviceRecord device_from_row(const pqxx::row& r) {
  return DeviceRecord{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                      r[3].as<std::string>(), r[5].as<std::string>(), r[4].as<bool>()};
}

}  // namespace

nlohmann::json DeviceRecord::to_json() const {
  nlohmann::json j{{"id", id}, {"orgId", org_id}, {"kind", kind}, {"e2eeCapable", e2ee_capable},
                   {"displayName", display_name}};
  j["userId"] = user_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(user_id);
  return j;
}

nlohmann::json Store::create_org(const std::string& actor, const std::string& name) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kInsertOrg.name, name);
    if (r.empty()) throw ApiError::conflict("an org with this name exists", "name");
    std::string id = r[0][0].as<std::string>();
    tx.exec_prepared(sql::kInsertOrgSettings.name, id);
    nlohmann::json org{{"id", id}, {"name", name}};
    write_audit(tx, {id, actor, "org.create", "orgs/" + id, nullptr, org});
    tx.commit();
    return org;
  });
}

nlohmann::json Store::get_org(const std::string& org_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kGetOrg.name, org_id);
    if (r.empty()) throw ApiError::not_found("org");
    return nlohmann::json{{"id", r[0][0].as<std::string>()}, {"name", r[0][1].as<std::string>()}};
  });
}

bool Store::org_exists(const std::string& org_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return !tx.exec_prepared(sql::kGetOrg.name, org_id).empty();
  });
}

nlohmann::json Store::create_user(const std::string& org_id, const std::string& actor, const std::string& email,
                                  const std::string& display_name) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kInsertUser.name, org_id, email, display_name);
    if (r.empty()) throw ApiError::conflict("a user with this email exists", "email");
    nlohmann::json user{{"id", r[0][0].as<std::string>()}, {"email", email}, {"displayName", display_name}};
    write_audit(tx, {org_id, actor, "user.create", "users/" + user["id"].get<std::string>(), nullptr, user});
    tx.commit();
    return user;
  });
}

nlohmann::json Store::list_users(const std::string& org_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row : tx.exec_prepared(sql::kListUsers.name, org_id)) items.push_back(user_json(row));
    return nlohmann::json{{"items", items}};
  });
}

nlohmann::json Store::get_user(const std::string& org_id, const std::string& user_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kGetUser.name, org_id, user_id);
    if (r.empty()) throw ApiError::not_found("user");
    return user_json(r[0]);
  });
}

void Store::delete_user(const std::string& org_id, const std::string& actor, const std::string& user_id) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kDeleteUser.name, org_id, user_id);
    if (r.empty()) throw ApiError::not_found("user");
    nlohmann::json before{{"id", user_id}, {"email", r[0][0].as<std::string>()},
                          {"displayName", r[0][1].as<std::string>()}};
    write_audit(tx, {org_id, actor, "user.delete", "users/" + user_id, before, nullptr});
    tx.commit();
  });
}

nlohmann::json Store::create_line(const std::string& org_id, const std::string& actor, const std::string& user_id,
                                  const std::string& kind, const std::string& number) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (tx.exec_prepared(sql::kGetUser.name, org_id, user_id).empty()) throw ApiError::not_found("user");
    auto r = tx.exec_prepared(sql::kInsertLine.name, org_id, user_id, kind, number);
    if (r.empty()) throw ApiError::conflict("this number is assigned already", "number");
    nlohmann::json line{{"id", r[0][0].as<std::string>()}, {"userId", user_id}, {"kind", kind}, {"number", number}};
    write_audit(tx, {org_id, actor, "line.create", "lines/" + line["id"].get<std::string>(), nullptr, line});
    tx.commit();
    return line;
  });
}

nlohmann::json Store::list_lines(const std::string& org_id, const std::string& user_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    if (tx.exec_prepared(sql::kGetUser.name, org_id, user_id).empty()) throw ApiError::not_found("user");
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row : tx.exec_prepared(sql::kListLines.name, org_id, user_id)) {
      items.push_back({{"id", row[0].as<std::string>()}, {"userId", user_id},
                       {"kind", row[1].as<std::string>()}, {"number", row[2].as<std::string>()}});
    }
    return nlohmann::json{{"items", items}};
  });
}

nlohmann::json Store::create_device(const std::string& org_id, const std::string& actor, const DeviceRecord& d,
                                    const NewCredentials& credentials, BytesView salt, BytesView hash) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (!d.user_id.empty() && tx.exec_prepared(sql::kGetUser.name, org_id, d.user_id).empty()) {
      throw ApiError::not_found("user");
    }
    auto r = tx.exec_prepared(sql::kInsertDevice.name, org_id, d.user_id, d.kind, d.e2ee_capable, d.display_name);
    DeviceRecord created = d;
    created.id = r[0][0].as<std::string>();
    created.org_id = org_id;
    tx.exec_prepared(sql::kInsertPrincipal.name, credentials.client_id, org_id, "device", "device", created.id,
                     d.display_name, to_hex(salt), to_hex(hash));
    nlohmann::json device = created.to_json();
    write_audit(tx, {org_id, actor, "device.create", "devices/" + created.id, nullptr, device});
    tx.commit();
    return device;
  });
}

nlohmann::json Store::list_devices(const std::string& org_id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& row : tx.exec_prepared(sql::kListDevices.name, org_id)) {
      items.push_back(device_from_row(row).to_json());
    }
    return nlohmann::json{{"items", items}};
  });
}

std::optional<DeviceRecord> Store::find_device(const std::string& device_id) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<DeviceRecord> {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kGetDevice.name, device_id);
    if (r.empty()) return std::nullopt;
    return device_from_row(r[0]);
  });
}

void Store::delete_device(const std::string& org_id, const std::string& actor, const std::string& device_id) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kDeleteDevice.name, org_id, device_id);
    if (r.empty()) throw ApiError::not_found("device");
    nlohmann::json before{{"id", device_id}, {"kind", r[0][0].as<std::string>()},
                          {"displayName", r[0][1].as<std::string>()}};
    write_audit(tx, {org_id, actor, "device.delete", "devices/" + device_id, before, nullptr});
    tx.commit();
  });
}

}  // namespace zt::controlhub
