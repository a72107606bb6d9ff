// A service whose first migration once created a placeholder schema (tables
// no code used, no data) replaces it with its real schema: databases migrated
// by the placeholder build record version 1 as done, so the real 0001 would
// never run. replace_placeholder_schema() recognises such a database (a
// table of the placeholder exists, a table only the real schema has does
// not), drops the placeholder tables, forgets the scope's migrations and
// migrates again, under an advisory lock. A no-op anywhere else.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "zt/pg/migrations.h"
#include "zt/pg/pool.h"

namespace zt::pg {

struct PlaceholderSchema {
  std::string scope;                        // the migrations' scope, e.g. "kms"
  std::string placeholder_table;            // exists only after the placeholder migration...
  std::string real_table;                   // ...while this one exists only in the real schema
  std::vector<std::string> dropped_tables;  // every table the placeholder created
};

// True when it replaced the placeholder schema.
bool replace_placeholder_schema(Pool& pool, const PlaceholderSchema& schema,
                                std::span<const Migration> migrations);

}  // namespace zt::pg
