// Store on PostgreSQL (schema: services/kms/migrations). Each method is one
// transaction; an audited write appends its audit record in the same one,
// under the chain head's row lock.
#pragma once

#include <vector>

#include "store.h"
#include "zt/pg/pool.h"

namespace zt::kms {

class PgStore final : public Store {
 public:
  explicit PgStore(pg::Pool& pool);
  static const std::vector<pg::Statement>& statements();

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

 private:
  pg::Pool& pool_;
};

}  // namespace zt::kms
