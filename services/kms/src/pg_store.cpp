#include "pg_store.h"

#include "audit_chain.h"
#include "domain_error.h"
#include "statements.h"

namespace zt::kms {
namespace {

pqxx::binarystring bin(BytesView b) { return pqxx::binarystring(b.data(), b.size()); }

Bytes bytes_of(const pqxx::field& f) {
  pqxx::binarystring b(f);
  return Bytes(b.begin(), b.end());
}

KeyRecord key_of(const pqxx::row& r) {
  KeyRecord k;
  k.id = r[0].as<std::string>();
  k.org_id = r[1].as<std::string>();
  k.creator = r[2].as<std::string>();
  k.resource_id = r[3].as<std::string>();
  k.master_version = r[4].as<int>();
  k.wrapped = bytes_of(r[5]);
  k.created_us = r[6].as<int64_t>();
  k.expires_us = r[7].as<int64_t>();
  return k;
}

void append(pqxx::work& tx, const AuditEvent& e) {
  auto h = tx.exec_prepared1(sql::kLockAuditHead.name);
  AuditHead head{h[0].as<int64_t>(), bytes_of(h[1])};
  AuditRecord r = chain_next(head, e);
  tx.exec_prepared(sql::kInsertAudit.name, r.seq, e.at_us, e.org_id, e.actor, e.actor_role,
                   e.action, e.target, e.purpose, e.result, bin(r.prev_hash), bin(r.hash));
  tx.exec_prepared(sql::kSetAuditHead.name, r.seq, bin(r.hash));
}

std::optional<ResourceRecord> load_resource(pqxx::work& tx, const std::string& id) {
  auto rows = tx.exec_prepared(sql::kGetResource.name, id);
  if (rows.empty()) return std::nullopt;
  ResourceRecord r;
  r.id = rows[0][0].as<std::string>();
  r.org_id = rows[0][1].as<std::string>();
  r.owner = rows[0][2].as<std::string>();
  r.mode = parse_mode(rows[0][3].as<std::string>()).value_or(Mode::kZeroTrust);
  for (const auto& p : tx.exec_prepared(sql::kListPrincipals.name, id))
    r.principals.push_back(p[0].as<std::string>());
  for (const auto& k : tx.exec_prepared(sql::kResourceKeys.name, id))
    r.key_ids.push_back(k[0].as<std::string>());
  return r;
}

void bind_locked(pqxx::work& tx, const std::string& resource_id, const std::string& key_id,
                 const std::string& caller, int64_t now_us) {
  auto rows = tx.exec_prepared(sql::kLockKey.name, key_id);
  std::optional<KeyRecord> key;
  if (!rows.empty()) key = key_of(rows[0]);
  check_bindable(key, caller, now_us);
  tx.exec_prepared(sql::kBindKey.name, key_id, resource_id);
}

}  // namespace

PgStore::PgStore(pg::Pool& pool) : pool_(pool) {}

const std::vector<pg::Statement>& PgStore::statements() {
  static const std::vector<pg::Statement> all = {sql::kInsertKey,         sql::kGetKey,
                                                 sql::kLockKey,           sql::kBindKey,
                                                 sql::kResourceKeys,      sql::kInsertResource,
                                                 sql::kGetResource,       sql::kLockResource,
                                                 sql::kDeleteResource,    sql::kDeleteResourceKeys,
                                                 sql::kAddPrincipal,      sql::kRemovePrincipal,
                                                 sql::kListPrincipals,    sql::kKeysBelowVersion,
                                                 sql::kCountBelowVersion, sql::kRewrapKey,
                                                 sql::kLockAuditHead,     sql::kGetAuditHead,
                                                 sql::kInsertAudit,       sql::kSetAuditHead,
                                                 sql::kReadAudit};
  return all;
}

void PgStore::insert_keys(const std::vector<KeyRecord>& keys, const AuditEvent& audit) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    for (const auto& k : keys) {
      tx.exec_prepared(sql::kInsertKey.name, k.id, k.org_id, k.creator, k.master_version,
                       bin(k.wrapped), k.created_us, k.expires_us);
    }
    append(tx, audit);
    tx.commit();
  });
}

std::optional<KeyRecord> PgStore::find_key(const std::string& id) {
  return pool_.run([&](pqxx::connection& c) -> std::optional<KeyRecord> {
    pqxx::read_transaction tx(c);
    auto rows = tx.exec_prepared(sql::kGetKey.name, id);
    if (rows.empty()) return std::nullopt;
    return key_of(rows[0]);
  });
}

std::optional<ResourceRecord> PgStore::find_resource(const std::string& id) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto r = load_resource(tx, id);
    tx.commit();
    return r;
  });
}

void PgStore::create_resource(const ResourceRecord& r, const std::vector<std::string>& key_ids,
                              const std::string& caller, int64_t now_us, const AuditEvent& audit) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    tx.exec_prepared(sql::kInsertResource.name, r.id, r.org_id, r.owner, mode_name(r.mode), now_us);
    for (const auto& p : r.principals) tx.exec_prepared(sql::kAddPrincipal.name, r.id, p);
    for (const auto& k : key_ids) bind_locked(tx, r.id, k, caller, now_us);
    append(tx, audit);
    tx.commit();
  });
}

KeyRecord PgStore::bind_key(const std::string& resource_id, const std::string& key_id,
                            const std::string& caller, int64_t now_us, const AuditEvent& audit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (tx.exec_prepared(sql::kLockResource.name, resource_id).empty()) {
      throw DomainError::permission_denied(
          "the resource does not exist or the caller is not authorized on it");
    }
    bind_locked(tx, resource_id, key_id, caller, now_us);
    append(tx, audit);
    KeyRecord k = key_of(tx.exec_prepared1(sql::kGetKey.name, key_id));
    tx.commit();
    return k;
  });
}

ResourceRecord PgStore::change_authorizations(const std::string& resource_id,
                                              const std::vector<std::string>& add,
                                              const std::vector<std::string>& remove,
                                              const AuditEvent& audit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    if (tx.exec_prepared(sql::kLockResource.name, resource_id).empty()) {
      throw DomainError::permission_denied(
          "the resource does not exist or the caller is not authorized on it");
    }
    for (const auto& p : add) tx.exec_prepared(sql::kAddPrincipal.name, resource_id, p);
    for (const auto& p : remove) tx.exec_prepared(sql::kRemovePrincipal.name, resource_id, p);
    append(tx, audit);
    ResourceRecord r = *load_resource(tx, resource_id);
    tx.commit();
    return r;
  });
}

int PgStore::delete_resource(const std::string& resource_id, const AuditEvent& audit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    int destroyed = static_cast<int>(
        tx.exec_prepared(sql::kDeleteResourceKeys.name, resource_id).affected_rows());
    tx.exec_prepared(sql::kDeleteResource.name, resource_id);
    append(tx, audit);
    tx.commit();
    return destroyed;
  });
}

std::vector<KeyRecord> PgStore::keys_below_version(int version, int limit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<KeyRecord> out;
    for (const auto& r : tx.exec_prepared(sql::kKeysBelowVersion.name, version, limit))
      out.push_back(key_of(r));
    return out;
  });
}

int64_t PgStore::count_below_version(int version) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return tx.exec_prepared1(sql::kCountBelowVersion.name, version)[0].as<int64_t>();
  });
}

int PgStore::rewrap(const std::vector<Rewrap>& batch, const AuditEvent& audit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    int changed = 0;
    for (const auto& w : batch) {
      changed += static_cast<int>(
          tx.exec_prepared(sql::kRewrapKey.name, w.id, bin(w.wrapped), w.to_version, w.from_version)
              .affected_rows());
    }
    append(tx, audit);
    tx.commit();
    return changed;
  });
}

void PgStore::append_audit(const AuditEvent& audit) {
  pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    append(tx, audit);
    tx.commit();
  });
}

std::vector<AuditRecord> PgStore::read_audit(int64_t after_seq, int limit) {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    std::vector<AuditRecord> out;
    for (const auto& r : tx.exec_prepared(sql::kReadAudit.name, after_seq, limit)) {
      AuditRecord a;
      a.seq = r[0].as<int64_t>();
      a.event = {r[1].as<int64_t>(),     r[2].as<std::string>(), r[3].as<std::string>(),
                 r[4].as<std::string>(), r[5].as<std::string>(), r[6].as<std::string>(),
                 r[7].as<std::string>(), r[8].as<std::string>()};
      a.prev_hash = bytes_of(r[9]);
      a.hash = bytes_of(r[10]);
      out.push_back(std::move(a));
    }
    return out;
  });
}

AuditHead PgStore::audit_head() {
  return pool_.run([&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    auto h = tx.exec_prepared1(sql::kGetAuditHead.name);
    return AuditHead{h[0].as<int64_t>(), bytes_of(h[1])};
  });
}

}  // namespace zt::kms
