// Every SQL statement the KMS runs; the names are prepared-statement names
// and metric labels.
#pragma once

#include "zt/pg/pool.h"

namespace zt::kms::sql {

using zt::pg::Statement;

inline constexpr Statement kInsertKey{"kms_insert_key",
                                      "INSERT INTO kms_content_keys (id, org_id, creator, "
                                      "master_version, wrapped, created_us, expires_us) "
                                      "VALUES ($1, $2, $3, $4, $5, $6, $7)"};
inline constexpr Statement kGetKey{"kms_get_key",
                                   "SELECT id, org_id, creator, coalesce(resource_id::text, ''), "
                                   "master_version, wrapped, created_us, expires_us "
                                   "FROM kms_content_keys WHERE id = $1"};
inline constexpr Statement kLockKey{"kms_lock_key",
                                    "SELECT id, org_id, creator, coalesce(resource_id::text, ''), "
                                    "master_version, wrapped, created_us, expires_us "
                                    "FROM kms_content_keys WHERE id = $1 FOR UPDATE"};
inline constexpr Statement kBindKey{"kms_bind_key",
                                    "UPDATE kms_content_keys SET resource_id = $2 WHERE id = $1"};
inline constexpr Statement kResourceKeys{
    "kms_resource_keys",
    "SELECT id::text FROM kms_content_keys WHERE resource_id = $1 ORDER BY id"};

inline constexpr Statement kInsertResource{
    "kms_insert_resource",
    "INSERT INTO kms_resources (id, org_id, owner, mode, created_us) VALUES ($1, $2, $3, $4, $5)"};
inline constexpr Statement kGetResource{
    "kms_get_resource", "SELECT id::text, org_id, owner, mode FROM kms_resources WHERE id = $1"};
inline constexpr Statement kLockResource{
    "kms_lock_resource", "SELECT id::text FROM kms_resources WHERE id = $1 FOR UPDATE"};
inline constexpr Statement kDeleteResource{"kms_delete_resource",
                                           "DELETE FROM kms_resources WHERE id = $1"};
inline constexpr Statement kDeleteResourceKeys{
    "kms_delete_resource_keys", "DELETE FROM kms_content_keys WHERE resource_id = $1"};

inline constexpr Statement kAddPrincipal{"kms_add_principal",
                                         "INSERT INTO kms_authorizations (resource_id, principal) "
                                         "VALUES ($1, $2) ON CONFLICT DO NOTHING"};
inline constexpr Statement kRemovePrincipal{
    "kms_remove_principal",
    "DELETE FROM kms_authorizations WHERE resource_id = $1 AND principal = $2"};
inline constexpr Statement kListPrincipals{
    "kms_list_principals",
    "SELECT principal FROM kms_authorizations WHERE resource_id = $1 ORDER BY principal"};

inline constexpr Statement kKeysBelowVersion{
    "kms_keys_below_version",
    "SELECT id, org_id, creator, coalesce(resource_id::text, ''), master_version, wrapped, "
    "created_us, expires_us "
    "FROM kms_content_keys WHERE master_version < $1 ORDER BY master_version, id LIMIT $2"};
inline constexpr Statement kCountBelowVersion{
    "kms_count_below_version", "SELECT count(*) FROM kms_content_keys WHERE master_version < $1"};
inline constexpr Statement kRewrapKey{"kms_rewrap_key",
                                      "UPDATE kms_content_keys SET wrapped = $2, master_version = "
                                      "$3 WHERE id = $1 AND master_version = $4"};

inline constexpr Statement kLockAuditHead{
    "kms_lock_audit_head", "SELECT seq, hash FROM kms_audit_head WHERE id = 1 FOR UPDATE"};
inline constexpr Statement kGetAuditHead{"kms_get_audit_head",
                                         "SELECT seq, hash FROM kms_audit_head WHERE id = 1"};
inline constexpr Statement kInsertAudit{
    "kms_insert_audit",
    "INSERT INTO kms_audit (seq, at_us, org_id, actor, actor_role, action, target, purpose, "
    "result, prev_hash, hash) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"};
inline constexpr Statement kSetAuditHead{
    "kms_set_audit_head", "UPDATE kms_audit_head SET seq = $1, hash = $2 WHERE id = 1"};
inline constexpr Statement kReadAudit{"kms_read_audit",
                                      "SELECT seq, at_us, org_id, actor, actor_role, action, "
                                      "target, purpose, result, prev_hash, hash "
                                      "FROM kms_audit WHERE seq > $1 ORDER BY seq LIMIT $2"};

}  // namespace zt::kms::sql
