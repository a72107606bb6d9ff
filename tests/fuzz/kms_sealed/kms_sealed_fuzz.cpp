// Fuzzes the sealed-session decoders on the KMS side: OpenSession requests
// (first byte even) and Sealed requests (first byte odd) of alice, through
// SessionTable and run_sealed onto the KmsApi on the in-memory Store, as the
// gRPC service runs them. Seeds (made by kms_sealed_seeds) include genuine
// sealed requests of the session every input starts with.
//
// Properties: only DomainError escapes (anything else aborts); a refused
// request changes nothing: the audit chain is as it was and a genuine sealed
// request with the next sequence number still goes through.
#include <cstdint>
#include <cstdlib>

#include "domain_error.h"
#include "sealed_world.h"

using namespace zt::kms;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  fuzz::SealedWorld w;
  const int64_t chain_before = w.store.audit_head().seq;
  try {
    if (data[0] % 2 == 0) {
      v1::OpenSessionRequest req;
      if (!req.ParseFromArray(data + 1, static_cast<int>(size - 1))) return 0;
      w.sessions.open_session(fuzz::alice(), req);
      return 0;
    }
    v1::SealedRequest req;
    if (!req.ParseFromArray(data + 1, static_cast<int>(size - 1))) return 0;
    run_sealed(w.api, w.sessions, nullptr, req);
    return 0;
  } catch (const DomainError&) {
    if (w.store.audit_head().seq != chain_before) std::abort();
  }
  // Nothing changed: the session still takes its first genuine request.
  v1::CreateKeysRequest one;
  one.set_count(1);
  try {
    run_sealed(w.api, w.sessions, nullptr, w.seal(1, "CreateKeys", one.SerializeAsString()));
  } catch (const DomainError&) {
    std::abort();
  }
  return 0;
}
