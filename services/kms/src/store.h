// What the KMS stores, in the domain's terms: content keys (wrapped under a
// master-key version, bound to at most one resource), resources with their
// authorized principals, and the hash-chained audit log. Store is the
// interface; PgStore (pg_store.h) is PostgreSQL, tests/unit/kms has one in
// memory. Every write commits together with its audit record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zt/base/bytes.h"

namespace zt::kms {

enum class Mode { kStandard, kZeroTrust };

const char* mode_name(Mode mode);  // "standard" | "zero_trust"
std::optional<Mode> parse_mode(const std::string& name);

struct KeyRecord {
  std::string id;           // UUID
  std::string org_id;       // the creator's org
  std::string creator;      // principal id
  std::string resource_id;  // empty while unbound
  int master_version = 0;   // the master-key version `wrapped` is under
  Bytes wrapped;            // nonce || AES-256-GCM(key material), AAD = URI || version
  int64_t created_us = 0;
  int64_t expires_us = 0;  // unbound keys cannot be bound from then on
};

struct ResourceRecord {
  std::string id;
  std::string org_id;
  std::string owner;
  Mode mode = Mode::kStandard;
  std::vector<std::string> principals;  // authorized, owner included, sorted
  std::vector<std::string> key_ids;     // bound keys, sorted

  bool authorizes(const std::string& principal) const;
};

// What happened, before it is chained.
struct AuditEvent {
  int64_t at_us = 0;
  std::string org_id;
  std::string actor;
  std::string actor_role;  // user | admin | service:<role>
  std::string action;      // create_keys, create_resource, bind_key, authorize, ...
  std::string target;      // a URI (or a count)
  std::string purpose;     // compliance access only
  std::string result;      // ok | denied: <reason>
};

// An event as stored: its place in the chain and the hashes linking it.
struct AuditRecord {
  int64_t seq = 0;
  AuditEvent event;
  Bytes prev_hash;
  Bytes hash;
};

// One key re-wrapped by rotation, applied only if it is still under `from_version`.
struct Rewrap {
  std::string id;
  int from_version = 0;
  int to_version = 0;
  Bytes wrapped;
};

struct AuditHead {
  int64_t seq = 0;  // 0: empty log
  Bytes hash;       // the last record's hash (the genesis value when empty)
};

class Store {
 public:
  virtual ~Store() = default;

  virtual void insert_keys(const std::vector<KeyRecord>& keys, const AuditEvent& audit) = 0;
  virtual std::optional<KeyRecord> find_key(const std::string& id) = 0;
  virtual std::optional<ResourceRecord> find_resource(const std::string& id) = 0;

  // Creates `resource` and binds `key_ids` to it (each must pass
  // check_bindable for `caller` at `now_us`, else nothing is stored).
  virtual void create_resource(const ResourceRecord& resource,
                               const std::vector<std::string>& key_ids, const std::string& caller,
                               int64_t now_us, const AuditEvent& audit) = 0;
  virtual KeyRecord bind_key(const std::string& resource_id, const std::string& key_id,
                             const std::string& caller, int64_t now_us,
                             const AuditEvent& audit) = 0;
  // Adds `add`, then removes `remove` (never the owner); returns the result.
  virtual ResourceRecord change_authorizations(const std::string& resource_id,
                                               const std::vector<std::string>& add,
                                               const std::vector<std::string>& remove,
                                               const AuditEvent& audit) = 0;
  // Destroys the resource and every key bound to it; returns how many keys.
  virtual int delete_resource(const std::string& resource_id, const AuditEvent& audit) = 0;

  // Master-key rotation: up to `limit` keys under a version below `version`,
  // and the conditional re-wrap (a key rotated or deleted meanwhile is skipped).
  virtual std::vector<KeyRecord> keys_below_version(int version, int limit) = 0;
  virtual int64_t count_below_version(int version) = 0;
  virtual int rewrap(const std::vector<Rewrap>& batch, const AuditEvent& audit) = 0;

  virtual void append_audit(const AuditEvent& audit) = 0;
  virtual std::vector<AuditRecord> read_audit(int64_t after_seq, int limit) = 0;
  virtual AuditHead audit_head() = 0;
};

// Why `key` cannot be bound by `caller` at `now_us`, as the DomainError to
// throw (permission_denied hides whether a key of someone else exists).
void check_bindable(const std::optional<KeyRecord>& key, const std::string& caller, int64_t now_us);

}  // namespace zt::kms
