// Every SQL statement Control Hub runs; the names are prepared-statement
// names and metric labels. (Not clang-formatted: one statement reads as
// its name, then its SQL.)
#pragma once

#include "zt/pg/pool.h"

namespace zt::controlhub::sql {

using zt::pg::Statement;

inline constexpr Statement kInsertAudit{"ch_insert_audit",
    "INSERT INTO audit_events (org_id, actor, action, target, before, after) "
    "VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)"};
inline constexpr Statement kListAudit{"ch_list_audit",
    "SELECT id, actor, action, target, before::text, after::text, "
    "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') "
    "FROM audit_events WHERE org_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"};

inline constexpr Statement kInsertOrg{"ch_insert_org",
    "INSERT INTO orgs (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id"};
inline constexpr Statement kInsertOrgSettings{"ch_insert_org_settings",
    "INSERT INTO org_settings (org_id) VALUES ($1)"};
inline constexpr Statement kGetOrg{"ch_get_org",
    "SELECT id, name FROM orgs WHERE id = $1"};

inline constexpr Statement kGetSettings{"ch_get_settings",
    "SELECT version, calling_version, meetings_version, calling_e2ee_enabled, default_meeting_type, "
    "personal_room_e2ee FROM org_settings WHERE org_id = $1"};
inline constexpr Statement kLockSettings{"ch_lock_settings",
    "SELECT version, calling_version, meetings_version, calling_e2ee_enabled, default_meeting_type, "
    "personal_room_e2ee FROM org_settings WHERE org_id = $1 FOR UPDATE"};
inline constexpr Statement kUpdateCalling{"ch_update_calling",
    "UPDATE org_settings SET calling_e2ee_enabled = $2, calling_version = calling_version + 1, "
    "version = version + 1 WHERE org_id = $1"};
inline constexpr Statement kUpdateMeetings{"ch_update_meetings",
    "UPDATE org_settings SET default_meeting_type = $2, personal_room_e2ee = $3, "
    "meetings_version = meetings_version + 1, version = version + 1 WHERE org_id = $1"};

inline constexpr Statement kInsertUser{"ch_insert_user",
    "INSERT INTO users (org_id, email, display_name) VALUES ($1, $2, $3) "
    "ON CONFLICT (org_id, email) DO NOTHING RETURNING id"};
inline constexpr Statement kListUsers{"ch_list_users",
    "SELECT id, email, display_name FROM users WHERE org_id = $1 ORDER BY created_at, id"};
inline constexpr Statement kGetUser{"ch_get_user",
    "SELECT id, email, display_name FROM users WHERE org_id = $1 AND id = $2"};
inline constexpr Statement kDeleteUser{"ch_delete_user",
    "DELETE FROM users WHERE org_id = $1 AND id = $2 RETURNING email, display_name"};
inline constexpr Statement kInsertLine{"ch_insert_line",
    "INSERT INTO lines (org_id, user_id, kind, number) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (org_id, number) DO NOTHING RETURNING id"};
inline constexpr Statement kListLines{"ch_list_lines",
    "SELECT id, kind, number FROM lines WHERE org_id = $1 AND user_id = $2 ORDER BY created_at, id"};

inline constexpr Statement kInsertDevice{"ch_insert_device",
    "INSERT INTO devices (org_id, user_id, kind, e2ee_capable, display_name) "
    "VALUES ($1, nullif($2, '')::uuid, $3, $4, $5) RETURNING id"};
inline constexpr Statement kListDevices{"ch_list_devices",
    "SELECT id, org_id, coalesce(user_id::text, ''), kind, e2ee_capable, display_name FROM devices "
    "WHERE org_id = $1 ORDER BY created_at, id"};
inline constexpr Statement kGetDevice{"ch_get_device",
    "SELECT id, org_id, coalesce(user_id::text, ''), kind, e2ee_capable, display_name FROM devices "
    "WHERE id = $1"};
inline constexpr Statement kDeleteDevice{"ch_delete_device",
    "DELETE FROM devices WHERE org_id = $1 AND id = $2 RETURNING kind, display_name"};

inline constexpr Statement kDevicePrincipals{"ch_device_principals",
    "SELECT client_id FROM principals WHERE device_id = $1"};
inline constexpr Statement kUserDevicePrincipals{"ch_user_device_principals",
    "SELECT p.client_id FROM principals p JOIN devices d ON d.id = p.device_id "
    "WHERE d.org_id = $1 AND d.user_id = $2"};

inline constexpr Statement kInsertPrincipal{"ch_insert_principal",
    "INSERT INTO principals (client_id, org_id, kind, roles, device_id, display_name, secret_salt, secret_hash) "
    "VALUES ($1, $2, $3, string_to_array($4, ','), nullif($5, '')::uuid, $6, decode($7, 'hex'), decode($8, 'hex'))"};
inline constexpr Statement kFindPrincipal{"ch_find_principal",
    "SELECT p.client_id, p.org_id, p.kind, array_to_string(p.roles, ','), coalesce(p.device_id::text, ''), "
    "coalesce(d.user_id::text, ''), encode(p.secret_salt, 'hex'), encode(p.secret_hash, 'hex'), p.enabled "
    "FROM principals p LEFT JOIN devices d ON d.id = p.device_id WHERE p.client_id = $1"};
inline constexpr Statement kAnyPrincipal{"ch_any_principal", "SELECT 1 FROM principals LIMIT 1"};
inline constexpr Statement kListAdmins{"ch_list_admins",
    "SELECT client_id, array_to_string(roles, ','), display_name FROM principals "
    "WHERE org_id = $1 AND kind = 'admin' ORDER BY created_at, client_id"};
// The admins whose count a removal must keep above zero: the org's and
// every deployment admin, locked so two concurrent removals serialize.
inline constexpr Statement kLockAdmins{"ch_lock_admins",
    "SELECT client_id, org_id::text, array_to_string(roles, ','), display_name FROM principals "
    "WHERE kind = 'admin' AND (org_id = $1 OR 'deployment_admin' = ANY(roles)) ORDER BY client_id FOR UPDATE"};
inline constexpr Statement kDeleteAdmin{"ch_delete_admin",
    "DELETE FROM principals WHERE org_id = $1 AND client_id = $2 AND kind = 'admin' "
    "RETURNING array_to_string(roles, ','), display_name"};

inline constexpr Statement kInsertTrustedCa{"ch_insert_trusted_ca",
    "INSERT INTO trusted_cas (org_id, pem, subject, not_after) VALUES ($1, $2, $3, to_timestamp($4)) "
    "RETURNING id"};
inline constexpr Statement kListTrustedCas{"ch_list_trusted_cas",
    "SELECT id, subject, extract(epoch from not_after)::bigint, pem FROM trusted_cas WHERE org_id = $1 "
    "ORDER BY created_at, id"};
inline constexpr Statement kDeleteTrustedCa{"ch_delete_trusted_ca",
    "DELETE FROM trusted_cas WHERE org_id = $1 AND id = $2 RETURNING subject"};

inline constexpr Statement kInsertCertificate{"ch_insert_certificate",
    "INSERT INTO issued_certificates (serial, org_id, device_id, cert_pem, not_after) "
    "VALUES ($1, $2, $3, $4, to_timestamp($5))"};

inline constexpr Statement kPurgeIdempotencyKeys{"ch_purge_idempotency_keys",
    "DELETE FROM idempotency_keys WHERE created_at < to_timestamp($1)"};
inline constexpr Statement kClaimIdempotencyKey{"ch_claim_idempotency_key",
    "INSERT INTO idempotency_keys (principal, key, request_hash, created_at) "
    "VALUES ($1, $2, decode($3, 'hex'), to_timestamp($4)) ON CONFLICT DO NOTHING RETURNING 1"};
inline constexpr Statement kGetIdempotencyKey{"ch_get_idempotency_key",
    "SELECT encode(request_hash, 'hex'), status, body FROM idempotency_keys WHERE principal = $1 AND key = $2"};
inline constexpr Statement kFinishIdempotencyKey{"ch_finish_idempotency_key",
    "UPDATE idempotency_keys SET status = $3, body = $4 WHERE principal = $1 AND key = $2"};
inline constexpr Statement kReleaseIdempotencyKey{"ch_release_idempotency_key",
    "DELETE FROM idempotency_keys WHERE principal = $1 AND key = $2 AND status = 0"};

inline constexpr Statement kListSigningKeys{"ch_list_signing_keys",
    "SELECT kid, encode(sealed_seed, 'hex'), encode(public_key, 'hex') FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid"};
inline constexpr Statement kInsertSigningKey{"ch_insert_signing_key",
    "INSERT INTO signing_keys (kid, sealed_seed, public_key) VALUES ($1, decode($2, 'hex'), decode($3, 'hex'))"};

inline constexpr Statement kGetCa{"ch_get_ca",
    "SELECT cert_pem, encode(sealed_key, 'hex') FROM certificate_authorities WHERE scope = $1"};
inline constexpr Statement kInsertCa{"ch_insert_ca",
    "INSERT INTO certificate_authorities (scope, cert_pem, sealed_key) VALUES ($1, $2, decode($3, 'hex')) "
    "ON CONFLICT (scope) DO NOTHING"};

}  // namespace zt::controlhub::sql

namespace zt::controlhub::sql {

inline constexpr Statement kBootstrapLock{"ch_bootstrap_lock", "SELECT pg_advisory_xact_lock(700100)"};
inline constexpr Statement kOrgByName{"ch_org_by_name", "SELECT id FROM orgs WHERE name = $1"};
inline constexpr Statement kEnsureOrgSettings{"ch_ensure_org_settings",
    "INSERT INTO org_settings (org_id) VALUES ($1) ON CONFLICT DO NOTHING"};

}  // namespace zt::controlhub::sql
