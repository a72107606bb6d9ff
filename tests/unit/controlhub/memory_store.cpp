#include "memory_store.h"

#include "admin_removal.h"
#include "domain_error.h"
#include "zt/auth/claims.h"

namespace zt::controlhub::testing {

std::string MemoryStore::new_id() {
  char id[37];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", next_id_++);
  return id;
}

void MemoryStore::require_org(const std::string& org_id) const {
  if (!orgs_.count(org_id)) throw DomainError::not_found("org");
}

Org MemoryStore::create_org(const std::string&, const std::string& name) {
  std::lock_guard lock(mu_);
  for (const auto& [id, org] : orgs_) {
    if (org.name == name) throw DomainError::already_exists("an org with this name exists", "name");
  }
  Org org{new_id(), name};
  orgs_[org.id] = org;
  settings_[org.id] = OrgSettings{org.id, 1, 1, 1};
  return org;
}

Org MemoryStore::get_org(const std::string& org_id) {
  std::lock_guard lock(mu_);
  require_org(org_id);
  return orgs_.at(org_id);
}

bool MemoryStore::org_exists(const std::string& org_id) {
  std::lock_guard lock(mu_);
  return orgs_.count(org_id) != 0;
}

OrgSettings MemoryStore::get_settings(const std::string& org_id) {
  std::lock_guard lock(mu_);
  require_org(org_id);
  return settings_.at(org_id);
}

OrgSettings MemoryStore::put_calling(const std::string& org_id, const std::string&,
                                     std::optional<int64_t> if_match, bool e2ee_enabled) {
  std::lock_guard lock(mu_);
  require_org(org_id);
  OrgSettings& s = settings_.at(org_id);
  if (if_match && *if_match != s.calling_version) throw DomainError::stale();
  s.calling_e2ee_enabled = e2ee_enabled;
  ++s.calling_version;
  ++s.version;
  return s;
}

OrgSettings MemoryStore::put_meetings(const std::string& org_id, const std::string&,
                                      std::optional<int64_t> if_match,
                                      const MeetingsSettings& value) {
  std::lock_guard lock(mu_);
  require_org(org_id);
  OrgSettings& s = settings_.at(org_id);
  if (if_match && *if_match != s.meetings_version) throw DomainError::stale();
  s.default_meeting_type = value.default_meeting_type;
  s.personal_room_e2ee = value.personal_room_e2ee;
  ++s.meetings_version;
  ++s.version;
  return s;
}

User MemoryStore::create_user(const std::string& org_id, const std::string&,
                              const std::string& email, const std::string& display_name) {
  std::lock_guard lock(mu_);
  require_org(org_id);
  for (const auto& [id, entry] : users_) {
    if (entry.first == org_id && entry.second.email == email) {
      throw DomainError::already_exists("a user with this email exists", "email");
    }
  }
  User user{new_id(), email, display_name};
  users_[user.id] = {org_id, user};
  return user;
}

std::vector<User> MemoryStore::list_users(const std::string& org_id) {
  std::lock_guard lock(mu_);
  std::vector<User> out;
  for (const auto& [id, entry] : users_) {
    if (entry.first == org_id) out.push_back(entry.second);
  }
  return out;
}

User MemoryStore::get_user(const std::string& org_id, const std::string& user_id) {
  std::lock_guard lock(mu_);
  auto it = users_.find(user_id);
  if (it == users_.end() || it->second.first != org_id) throw DomainError::not_found("user");
  return it->second.second;
}

std::vector<std::string> MemoryStore::delete_user(const std::string& org_id, const std::string&,
                                                  const std::string& user_id) {
  std::lock_guard lock(mu_);
  auto it = users_.find(user_id);
  if (it == users_.end() || it->second.first != org_id) throw DomainError::not_found("user");
  users_.erase(it);
  std::vector<std::string> removed;
  for (auto d = devices_.begin(); d != devices_.end();) {
    if (d->second.user_id != user_id) {
      ++d;
      continue;
    }
    for (auto p = principals_.begin(); p != principals_.end();) {
      if (p->second.device_id == d->first) {
        removed.push_back(p->first);
        p = principals_.erase(p);
      } else {
        ++p;
      }
    }
    d = devices_.erase(d);
  }
  return removed;
}

Line MemoryStore::create_line(const std::string& org_id, const std::string&,
                              const std::string& user_id, const std::string& kind,
                              const std::string& number) {
  std::lock_guard lock(mu_);
  auto u = users_.find(user_id);
  if (u == users_.end() || u->second.first != org_id) throw DomainError::not_found("user");
  for (const auto& [id, line] : lines_) {
    if (line.number == number)
      throw DomainError::already_exists("this number is assigned already", "number");
  }
  Line line{new_id(), user_id, kind, number};
  lines_[line.id] = line;
  return line;
}

std::vector<Line> MemoryStore::list_lines(const std::string& org_id, const std::string& user_id) {
  std::lock_guard lock(mu_);
  auto u = users_.find(user_id);
  if (u == users_.end() || u->second.first != org_id) throw DomainError::not_found("user");
  std::vector<Line> out;
  for (const auto& [id, line] : lines_) {
    if (line.user_id == user_id) out.push_back(line);
  }
  return out;
}

DeviceRecord MemoryStore::create_device(const std::string& org_id, const std::string&,
                                        const DeviceRecord& device,
                                        const StoredCredentials& credentials) {
  std::lock_guard lock(mu_);
  require_org(org_id);
  if (!device.user_id.empty() && !users_.count(device.user_id))
    throw DomainError::not_found("user");
  DeviceRecord d = device;
  d.id = new_id();
  d.org_id = org_id;
  devices_[d.id] = d;
  principals_[credentials.client_id] = {
      {credentials.client_id, org_id, "device", {"device"}, d.display_name}, d.id};
  return d;
}

std::vector<DeviceRecord> MemoryStore::list_devices(const std::string& org_id) {
  std::lock_guard lock(mu_);
  std::vector<DeviceRecord> out;
  for (const auto& [id, d] : devices_) {
    if (d.org_id == org_id) out.push_back(d);
  }
  return out;
}

std::optional<DeviceRecord> MemoryStore::find_device(const std::string& device_id) {
  std::lock_guard lock(mu_);
  auto it = devices_.find(device_id);
  if (it == devices_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::string> MemoryStore::delete_device(const std::string& org_id, const std::string&,
                                                    const std::string& device_id) {
  std::lock_guard lock(mu_);
  auto it = devices_.find(device_id);
  if (it == devices_.end() || it->second.org_id != org_id) throw DomainError::not_found("device");
  devices_.erase(it);
  std::vector<std::string> removed;
  for (auto p = principals_.begin(); p != principals_.end();) {
    if (p->second.device_id == device_id) {
      removed.push_back(p->first);
      p = principals_.erase(p);
    } else {
      ++p;
    }
  }
  return removed;
}

PrincipalRecord MemoryStore::create_principal(const std::string& org_id, const std::string&,
                                              const PrincipalRecord& principal,
                                              const StoredCredentials& credentials) {
  std::lock_guard lock(mu_);
  require_org(org_id);
  PrincipalRecord p = principal;
  p.client_id = credentials.client_id;
  p.org_id = org_id;
  principals_[p.client_id] = {p, ""};
  return p;
}

std::vector<PrincipalRecord> MemoryStore::list_admins(const std::string& org_id) {
  std::lock_guard lock(mu_);
  std::vector<PrincipalRecord> out;
  for (const auto& [id, p] : principals_) {
    if (p.record.org_id == org_id && p.record.kind == "admin") out.push_back(p.record);
  }
  return out;
}

void MemoryStore::delete_admin(const std::string& org_id, const std::string&,
                               const std::string& client_id, bool actor_is_deployment_admin) {
  std::lock_guard lock(mu_);
  std::vector<PrincipalRecord> admins;
  for (const auto& [id, p] : principals_) {
    bool counted = p.record.org_id == org_id || p.record.has_role(auth::kRoleDeploymentAdmin);
    if (p.record.kind == "admin" && counted) admins.push_back(p.record);
  }
  auto it = principals_.find(client_id);
  if (it == principals_.end() || it->second.record.org_id != org_id ||
      it->second.record.kind != "admin") {
    throw DomainError::not_found("admin");
  }
  check_admin_removal(it->second.record, admins, actor_is_deployment_admin);
  principals_.erase(it);
}

std::optional<Principal> MemoryStore::find_principal(const std::string& client_id) {
  std::lock_guard lock(mu_);
  ++principal_lookups_;
  auto it = principals_.find(client_id);
  if (it == principals_.end()) return std::nullopt;
  const auto& p = it->second;
  std::string user_id = p.device_id.empty() ? "" : devices_.at(p.device_id).user_id;
  return Principal{p.record.client_id,
                   p.record.org_id,
                   p.record.kind,
                   p.record.roles,
                   p.device_id,
                   user_id,
                   {},
                   {},
                   p.enabled};
}

TrustedCa MemoryStore::add_trusted_ca(const std::string& org_id, const std::string&,
                                      const TrustedCa& ca) {
  std::lock_guard lock(mu_);
  TrustedCa created = ca;
  created.id = new_id();
  trusted_cas_[created.id] = {org_id, created};
  return created;
}

std::vector<TrustedCa> MemoryStore::list_trusted_cas(const std::string& org_id) {
  std::lock_guard lock(mu_);
  std::vector<TrustedCa> out;
  for (const auto& [id, entry] : trusted_cas_) {
    if (entry.first == org_id) out.push_back(entry.second);
  }
  return out;
}

void MemoryStore::delete_trusted_ca(const std::string& org_id, const std::string&,
                                    const std::string& ca_id) {
  std::lock_guard lock(mu_);
  auto it = trusted_cas_.find(ca_id);
  if (it == trusted_cas_.end() || it->second.first != org_id)
    throw DomainError::not_found("trusted CA");
  trusted_cas_.erase(it);
}

AuditPage MemoryStore::list_audit(const std::string&, int, std::optional<int64_t>) { return {}; }

void MemoryStore::record_certificate(const std::string&, const std::string&,
                                     const IssuedCertificateRecord&) {}

void MemoryStore::set_enabled(const std::string& client_id, bool enabled) {
  std::lock_guard lock(mu_);
  principals_.at(client_id).enabled = enabled;
}

}  // namespace zt::controlhub::testing
