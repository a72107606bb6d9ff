#include "memory_store.h"

#include <algorithm>
#include <set>

#include "audit_chain.h"
#include "domain_error.h"

namespace zt::kms::testing {

void MemoryStore::append_locked(const AuditEvent& audit) {
  AuditRecord r = chain_next(head_, audit);
  head_ = {r.seq, r.hash};
  audit_.push_back(std::move(r));
}

ResourceRecord MemoryStore::resource_locked(const std::string& id) const {
  ResourceRecord r = resources_.at(id);
  r.key_ids.clear();
  for (const auto& [kid, k] : keys_) {
    if (k.resource_id == id) r.key_ids.push_back(kid);
  }
  return r;
}

void MemoryStore::insert_keys(const std::vector<KeyRecord>& keys, const AuditEvent& audit) {
  std::lock_guard lock(mu_);
  for (const auto& k : keys) keys_[k.id] = k;
  append_locked(audit);
}

std::optional<KeyRecord> MemoryStore::find_key(const std::string& id) {
  std::lock_guard lock(mu_);
  auto it = keys_.find(id);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

std::optional<ResourceRecord> MemoryStore::find_resource(const std::string& id) {
  std::lock_guard lock(mu_);
  if (!resources_.count(id)) return std::nullopt;
  return resource_locked(id);
}

void MemoryStore::create_resource(const ResourceRecord& resource,
                                  const std::vector<std::string>& key_ids,
                                  const std::string& caller, int64_t now_us,
                                  const AuditEvent& audit) {
  std::lock_guard lock(mu_);
  for (const auto& id : key_ids) {
    auto it = keys_.find(id);
    check_bindable(it == keys_.end() ? std::nullopt : std::optional<KeyRecord>(it->second), caller,
                   now_us);
  }
  resources_[resource.id] = resource;
  for (const auto& id : key_ids) keys_[id].resource_id = resource.id;
  append_locked(audit);
}

KeyRecord MemoryStore::bind_key(const std::string& resource_id, const std::string& key_id,
                                const std::string& caller, int64_t now_us,
                                const AuditEvent& audit) {
  std::lock_guard lock(mu_);
  if (!resources_.count(resource_id)) {
    throw DomainError::permission_denied("the resource does not exist");
  }
  auto it = keys_.find(key_id);
  check_bindable(it == keys_.end() ? std::nullopt : std::optional<KeyRecord>(it->second), caller,
                 now_us);
  it->second.resource_id = resource_id;
  append_locked(audit);
  return it->second;
}

ResourceRecord MemoryStore::change_authorizations(const std::string& resource_id,
                                                  const std::vector<std::string>& add,
                                                  const std::vector<std::string>& remove,
                                                  const AuditEvent& audit) {
  std::lock_guard lock(mu_);
  if (!resources_.count(resource_id)) {
    throw DomainError::permission_denied("the resource does not exist");
  }
  auto& r = resources_[resource_id];
  std::set<std::string> all(r.principals.begin(), r.principals.end());
  all.insert(add.begin(), add.end());
  for (const auto& p : remove) all.erase(p);
  r.principals.assign(all.begin(), all.end());
  append_locked(audit);
  return resource_locked(resource_id);
}

int MemoryStore::delete_resource(const std::string& resource_id, const AuditEvent& audit) {
  std::lock_guard lock(mu_);
  int destroyed = 0;
  for (auto it = keys_.begin(); it != keys_.end();) {
    if (it->second.resource_id == resource_id) {
      it = keys_.erase(it);
      ++destroyed;
    } else {
      ++it;
    }
  }
  resources_.erase(resource_id);
  append_locked(audit);
  return destroyed;
}

std::vector<KeyRecord> MemoryStore::keys_below_version(int version, int limit) {
  std::lock_guard lock(mu_);
  std::vector<KeyRecord> out;
  for (const auto& [id, k] : keys_) {
    if (static_cast<int>(out.size()) >= limit) break;
    if (k.master_version < version) out.push_back(k);
  }
  return out;
}

int64_t MemoryStore::count_below_version(int version) {
  std::lock_guard lock(mu_);
  return std::count_if(keys_.begin(), keys_.end(),
                       [&](const auto& kv) { return kv.second.master_version < version; });
}

int MemoryStore::rewrap(const std::vector<Rewrap>& batch, const AuditEvent& audit) {
  std::lock_guard lock(mu_);
  int changed = 0;
  for (const auto& w : batch) {
    auto it = keys_.find(w.id);
    if (it == keys_.end() || it->second.master_version != w.from_version) continue;
    it->second.master_version = w.to_version;
    it->second.wrapped = w.wrapped;
    ++changed;
  }
  append_locked(audit);
  return changed;
}

void MemoryStore::append_audit(const AuditEvent& audit) {
  std::lock_guard lock(mu_);
  append_locked(audit);
}

std::vector<AuditRecord> MemoryStore::read_audit(int64_t after_seq, int limit) {
  std::lock_guard lock(mu_);
  std::vector<AuditRecord> sorted = audit_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.seq < b.seq; });
  std::vector<AuditRecord> out;
  for (const auto& r : sorted) {
    if (r.seq > after_seq && static_cast<int>(out.size()) < limit) out.push_back(r);
  }
  return out;
}

AuditHead MemoryStore::audit_head() {
  std::lock_guard lock(mu_);
  return head_;
}

size_t MemoryStore::key_count() {
  std::lock_guard lock(mu_);
  return keys_.size();
}

}  // namespace zt::kms::testing
