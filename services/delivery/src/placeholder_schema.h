// Databases migrated before the Delivery Service served its API hold the
// placeholder schema of its first 0001_init (ds_group_log, no data ever
// written). replace_placeholder_schema() finds it (ds_group_log exists, the
// real ds_welcomes does not), drops the placeholder tables, forgets version
// 1 of scope "delivery" and applies the migrations again, all under an
// advisory lock so replicas starting at once do it once.
#pragma once

#include <span>

#include "zt/pg/migrations.h"
#include "zt/pg/pool.h"

namespace zt::delivery {

// Returns true when it replaced the placeholder schema.
bool replace_placeholder_schema(pg::Pool& pool, std::span<const pg::Migration> migrations);

}  // namespace zt::delivery
