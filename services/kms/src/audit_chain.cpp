#include "audit_chain.h"

#include "zt/crypto/hash.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::kms {
namespace {

constexpr std::string_view kLabel = "zt-kms-audit-v1";

void put_u64(Bytes& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void put_field(Bytes& out, std::string_view s) {
  put_u64(out, s.size());
  out.insert(out.end(), s.begin(), s.end());
}

AuditVerdict bad(int64_t checked, int64_t seq, std::string reason) {
  return {false, checked, seq, std::move(reason)};
}

}  // namespace

Bytes audit_genesis_hash() { return Bytes(32, 0); }

Bytes audit_record_hash(BytesView prev_hash, int64_t seq, const AuditEvent& e) {
  Bytes in(kLabel.begin(), kLabel.end());
  put_field(in,
            std::string_view(reinterpret_cast<const char*>(prev_hash.data()), prev_hash.size()));
  put_u64(in, static_cast<uint64_t>(seq));
  put_u64(in, static_cast<uint64_t>(e.at_us));
  for (const std::string* f :
       {&e.org_id, &e.actor, &e.actor_role, &e.action, &e.target, &e.purpose, &e.result}) {
    put_field(in, *f);
  }
  return crypto::hash(crypto::HashAlgorithm::kSha256, in);
}

AuditRecord chain_next(const AuditHead& head, const AuditEvent& event) {
  AuditRecord r;
  r.seq = head.seq + 1;
  r.event = event;
  r.prev_hash = head.seq == 0 ? audit_genesis_hash() : head.hash;
  r.hash = audit_record_hash(r.prev_hash, r.seq, event);
  return r;
}

AuditVerdict AuditVerifier::verify() {
  int64_t expected_seq = 1;
  Bytes prev = audit_genesis_hash();
  int64_t checked = 0;
  for (;;) {
    auto page = store_.read_audit(expected_seq - 1, page_);
    for (const auto& r : page) {
      if (r.seq != expected_seq) {
        return bad(checked, expected_seq,
                   "record " + std::to_string(expected_seq) +
                       " is missing (the next stored one is " + std::to_string(r.seq) + ")");
      }
      if (!crypto::constant_time_equal(r.prev_hash, prev)) {
        return bad(checked, r.seq,
                   "record " + std::to_string(r.seq) +
                       " does not commit to the record before it "
                       "(a record before it was edited, removed, inserted or moved)");
      }
      if (!crypto::constant_time_equal(r.hash, audit_record_hash(r.prev_hash, r.seq, r.event))) {
        return bad(checked, r.seq,
                   "record " + std::to_string(r.seq) + " was altered (its hash does not match it)");
      }
      prev = r.hash;
      ++expected_seq;
      ++checked;
    }
    if (static_cast<int>(page.size()) < page_) break;
  }
  AuditHead head = store_.audit_head();
  if (head.seq != checked) {
    return bad(checked, checked + 1,
               "the log holds " + std::to_string(checked) + " records but the chain head says " +
                   std::to_string(head.seq) + " (records were removed or added at the end)");
  }
  if (checked > 0 && !crypto::constant_time_equal(head.hash, prev)) {
    return bad(checked, checked, "the last record does not match the chain head");
  }
  return {true, checked, 0, ""};
}

}  // namespace zt::kms
