// The audit log's hash chain. Each record's hash is
//   SHA-256("zt-kms-audit-v1" || prev_hash || seq || every field, length-prefixed)
// and prev_hash is the hash of the record before it (32 zero bytes for the
// first), so editing, deleting, inserting or reordering any record breaks
// the chain at that record or the one after it; the head (last seq and hash,
// stored apart) catches a truncated tail.
#pragma once

#include <string>
#include <vector>

#include "store.h"

namespace zt::kms {

Bytes audit_genesis_hash();
Bytes audit_record_hash(BytesView prev_hash, int64_t seq, const AuditEvent& event);
// The record that follows `head`.
AuditRecord chain_next(const AuditHead& head, const AuditEvent& event);

struct AuditVerdict {
  bool ok = true;
  int64_t records = 0;        // records checked
  int64_t first_bad_seq = 0;  // 0 when ok
  std::string reason;
};

// Walks the log in pages of `page` records, checks every link, then the head.
class AuditVerifier {
 public:
  explicit AuditVerifier(Store& store, int page = 1000) : store_(store), page_(page) {}
  AuditVerdict verify();

 private:
  Store& store_;
  int page_;
};

}  // namespace zt::kms
