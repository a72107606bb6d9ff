// Orgs, users, lines and devices.
#include "audit_log.h"
#include "pg_store.h"
#include "record_json.h"
#include "statements.h"

namespace zt::controlhub {
namespace {

User user_from_row(const pqxx::row& r) {
  return User{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>()};
}

DeviceRecord device_from_row(const pqxx::row& r) {
  return DeviceRecord{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                      r[3].as<std::string>(), r[5].as<std::string>(), r[4].as<bool>()};
}

std::vector<std::string> first_column(const pqxx::result& r) {
  std::vector<std::string> out;
  for (const auto& row : r) out.push_back(row[0].as<std::string>());
  return out;
}

void require_user(pqxx::transaction_base& tx, const std::string& org_id,
                  const std::string& user_id) {
  if (tx.exec_prepared(sql::kGetUser.name, org_id, user_id).empty())
    throw DomainError::not_found("user");
}

}  // namespace

Org PgStore::create_org(const std::string& actor, const std::string& name) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kInsertOrg.name, name);
    if (r.empty()) throw DomainError::already_exists("an org with this name exists", "name");
    Org org{r[0][0].as<std::string>(), name};
    tx.exec_prepared(sql::kInsertOrgSettings.name, org.id);
    write_audit(tx, {org.id, actor, "org.create", "orgs/" + org.id, nullptr, to_json(org)});
    tx.commit();
    return org;
  });
}

Org PgStore::get_org(const std::string& org_id) {
  return run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kGetOrg.name, org_id);
    if (r.empty()) throw DomainError::not_found("org");
    return Org{r[0][0].as<std::string>(), r[0][1].as<std::string>()};
  });
}

bool PgStore::org_exists(const std::string& org_id) {
  return run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return !tx.exec_prepared(sql::kGetOrg.name, org_id).empty();
  });
}

User PgStore::create_user(const std::string& org_id, const std::string& actor,
                          const std::string& email, const std::string& display_name) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = tx.exec_prepared(sql::kInsertUser.name, org_id, email, display_name);
    if (r.empty()) throw DomainError::already_exists("a user with this email exists", "email");
    User user{r[0][0].as<std::string>(), email, display_name};
    write_audit(tx, {org_id, actor, "user.create", "users/" + user.id, nullptr, to_json(user)});
    tx.commit();
    return user;
  });
}

std::vector<User> PgStore::list_users(const std::string& org_id) {
  return run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<User> users;
    for (const auto& row : tx.exec_prepared(sql::kListUsers.name, org_id))
      users.push_back(user_from_row(row));
    return users;
  });
}

User PgStore::get_user(const std::string& org_id, const std::string& user_id) {
  return run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kGetUser.name, org_id, user_id);
    if (r.empty()) throw DomainError::not_found("user");
    return user_from_row(r[0]);
  });
}

std::vector<std::string> PgStore::delete_user(const std::string& org_id, const std::string& actor,
                                              const std::string& user_id) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto principals =
        first_column(tx.exec_prepared(sql::kUserDevicePrincipals.name, org_id, user_id));
    auto r = tx.exec_prepared(sql::kDeleteUser.name, org_id, user_id);
    if (r.empty()) throw DomainError::not_found("user");
    User before{user_id, r[0][0].as<std::string>(), r[0][1].as<std::string>()};
    write_audit(tx, {org_id, actor, "user.delete", "users/" + user_id, to_json(before), nullptr});
    tx.commit();
    return principals;
  });
}

Line PgStore::create_line(const std::string& org_id, const std::string& actor,
                          const std::string& user_id, const std::string& kind,
                          const std::string& number) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    require_user(tx, org_id, user_id);
    auto r = tx.exec_prepared(sql::kInsertLine.name, org_id, user_id, kind, number);
    if (r.empty()) throw DomainError::already_exists("this number is assigned already", "number");
    Line line{r[0][0].as<std::string>(), user_id, kind, number};
    write_audit(tx, {org_id, actor, "line.create", "lines/" + line.id, nullptr, to_json(line)});
    tx.commit();
    return line;
  });
}

std::vector<Line> PgStore::list_lines(const std::string& org_id, const std::string& user_id) {
  return run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    require_user(tx, org_id, user_id);
    std::vector<Line> lines;
    for (const auto& row : tx.exec_prepared(sql::kListLines.name, org_id, user_id)) {
      lines.push_back(
          {row[0].as<std::string>(), user_id, row[1].as<std::string>(), row[2].as<std::string>()});
    }
    return lines;
  });
}

DeviceRecord PgStore::create_device(const std::string& org_id, const std::string& actor,
                                    const DeviceRecord& d, const StoredCredentials& credentials) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (!d.user_id.empty()) require_user(tx, org_id, d.user_id);
    auto r = tx.exec_prepared(sql::kInsertDevice.name, org_id, d.user_id, d.kind, d.e2ee_capable,
                              d.display_name);
    DeviceRecord created = d;
    created.id = r[0][0].as<std::string>();
    created.org_id = org_id;
    tx.exec_prepared(sql::kInsertPrincipal.name, credentials.client_id, org_id, "device", "device",
                     created.id, d.display_name, to_hex(credentials.salt),
                     to_hex(credentials.hash));
    write_audit(
        tx, {org_id, actor, "device.create", "devices/" + created.id, nullptr, to_json(created)});
    tx.commit();
    return created;
  });
}

std::vector<DeviceRecord> PgStore::list_devices(const std::string& org_id) {
  return run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<DeviceRecord> devices;
    for (const auto& row : tx.exec_prepared(sql::kListDevices.name, org_id))
      devices.push_back(device_from_row(row));
    return devices;
  });
}

std::optional<DeviceRecord> PgStore::find_device(const std::string& device_id) {
  return run([&](pqxx::connection& c) -> std::optional<DeviceRecord> {
    pqxx::read_transaction tx(c);
    auto r = tx.exec_prepared(sql::kGetDevice.name, device_id);
    if (r.empty()) return std::nullopt;
    return device_from_row(r[0]);
  });
}

std::vector<std::string> PgStore::delete_device(const std::string& org_id, const std::string& actor,
                                                const std::string& device_id) {
  return run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto principals = first_column(tx.exec_prepared(sql::kDevicePrincipals.name, device_id));
    auto r = tx.exec_prepared(sql::kDeleteDevice.name, org_id, device_id);
    if (r.empty()) throw DomainError::not_found("device");
    nlohmann::json before{{"id", device_id},
                          {"kind", r[0][0].as<std::string>()},
                          {"displayName", r[0][1].as<std::string>()}};
    write_audit(tx, {org_id, actor, "device.delete", "devices/" + device_id, before, nullptr});
    tx.commit();
    return principals;
  });
}

}  // namespace zt::controlhub
