// The KMS Store in memory, for hermetic tests of the logic above it and for
// the fuzz target. It keeps the rules PgStore keeps (binding once, before
// expiry, by the creator; the owner always authorized; the audit chain).
#pragma once

#include <map>
#include <mutex>

#include "store.h"

namespace zt::kms::testing {

class MemoryStore final : public Store {
 public:
  void insert_keys(const std::vector<KeyRecord>& keys, const AuditEvent& audit) override;
  std::optional<KeyRecord> find_key(const std::string& id) override;
  std::optional<ResourceRecord> find_resource(const std::string& id) override;
  void create_resource(const ResourceRecord& resource, const std::vector<std::string>& key_ids,
                       const std::string& caller, int64_t now_us, const AuditEvent& audit) override;
  KeyRecord bind_key(const std::string& resource_id, const std::string& key_id,
                     const std::string& caller, int64_t now_us, const AuditEvent& audit) override;
  ResourceRecord change_authorizations(const std::string& resource_id,
                                       const std::vector<std::string>& add,
                                       const std::vector<std::string>& remove,
                                       const AuditEvent& audit) override;
  int delete_resource(const std::string& resource_id, const AuditEvent& audit) override;
  std::vector<KeyRecord> keys_below_version(int version, int limit) override;
  int64_t count_below_version(int version) override;
  int rewrap(const std::vector<Rewrap>& batch, const AuditEvent& audit) override;
  void append_audit(const AuditEvent& audit) override;
  std::vector<AuditRecord> read_audit(int64_t after_seq, int limit) override;
  AuditHead audit_head() override;

  // For tamper tests: the stored records, as an attacker with the database would.
  std::vector<AuditRecord>& audit_records() { return audit_; }
  size_t key_count();

 private:
  void append_locked(const AuditEvent& audit);
  ResourceRecord resource_locked(const std::string& id) const;

  std::mutex mu_;
  std::map<std::string, KeyRecord> keys_;
  std::map<std::string, ResourceRecord> resources_;  // key_ids filled on read
  std::vector<AuditRecord> audit_;
  AuditHead head_;
};

}  // namespace zt::kms::testing
