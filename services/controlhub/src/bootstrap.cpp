#include "bootstrap.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "audit_log.h"
#include "credentials.h"
#include "statements.h"
#include "zt/auth/claims.h"

namespace zt::controlhub {
namespace {

void write_private_file(const std::string& path, const std::string& content) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
  ok = ::fsync(fd) == 0 && ok;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + path);
  }
}

}  // namespace

std::optional<BootstrapResult> bootstrap_admin(pg::Pool& pool, const std::string& org_name,
                                               const std::string& credential_file,
                                               crypto::RandomSource& random) {
  return pool.run([&](pqxx::connection& c) -> std::optional<BootstrapResult> {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kBootstrapLock.name);
    if (!tx.exec_prepared(sql::kAnyPrincipal.name).empty()) return std::nullopt;
    tx.exec_prepared(sql::kInsertOrg.name, org_name);
    std::string org_id = tx.exec_prepared(sql::kOrgByName.name, org_name)[0][0].as<std::string>();
    tx.exec_prepared(sql::kEnsureOrgSettings.name, org_id);
    HashedCredentials creds = make_credentials("adm", random);
    std::string roles =
        std::string(auth::kRoleFullAdmin) + "," + std::string(auth::kRoleDeploymentAdmin);
    tx.exec_prepared(sql::kInsertPrincipal.name, creds.credentials.client_id, org_id, "admin",
                     roles, "", "bootstrap admin", to_hex(creds.stored.salt),
                     to_hex(creds.stored.hash));
    write_audit(tx, {org_id,
                     "system",
                     "admin.bootstrap",
                     "principals/" + creds.credentials.client_id,
                     nullptr,
                     {{"clientId", creds.credentials.client_id},
                      {"roles", {"full_admin", "deployment_admin"}}}});
    nlohmann::json file{{"orgId", org_id},
                        {"clientId", creds.credentials.client_id},
                        {"clientSecret", creds.credentials.client_secret}};
    write_private_file(credential_file, file.dump(2) + "\n");
    try {
      tx.commit();
    } catch (...) {
      std::filesystem::remove(credential_file);
      throw;
    }
    return BootstrapResult{org_id, creds.credentials.client_id};
  });
}

}  // namespace zt::controlhub
