#include "audit_log.h"

#include "statements.h"

namespace zt::controlhub {

void write_audit(pqxx::work& tx, const AuditEvent& e) {
  tx.exec_prepared(sql::kInsertAudit.name, e.org_id, e.actor, e.action, e.target, e.before.dump(),
                   e.after.dump());
}

}  // namespace zt::controlhub
