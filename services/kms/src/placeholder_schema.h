// Databases migrated before the KMS served its API hold the placeholder
// 0001 schema (tables no code used, no data) and record version 1 as done.
// replace_placeholder_schema() finds them (kms_audit_log exists, the real
// kms_audit_head does not), drops the placeholder tables, forgets version 1
// and migrates again, in one transaction. A no-op anywhere else.
#pragma once

#include <span>

#include "zt/pg/migrations.h"
#include "zt/pg/pool.h"

namespace zt::kms {

// Returns true when it replaced the placeholder schema.
bool replace_placeholder_schema(pg::Pool& pool, std::span<const pg::Migration> migrations);

}  // namespace zt::kms
