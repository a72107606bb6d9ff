// Fuzzes whole KMS requests through the request decoder and the RPC logic
// (KmsApi) on the in-memory Store, as the gRPC service runs them. Input: one
// byte choosing the method, one choosing the caller (owner, authorized user,
// stranger, dlp service, deployment admin), then the request's protobuf bytes.
// State per input: a standard and a zero-trust resource with one key each,
// and one unbound key, at fixed URIs (kms://kms.fuzz/keys/…0001 … 0003,
// kms://kms.fuzz/resources/…0001 and …0002).
//
// Properties: only DomainError escapes (anything else aborts); a refused
// request leaves the audit chain as it was; the chain always verifies; no
// key material is ever served to the stranger, and none of a zero-trust
// resource to the service.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "audit_chain.h"
#include "domain_error.h"
#include "key_file_provider.h"
#include "kms_api.h"
#include "memory_store.h"

namespace {

using namespace zt::kms;

const std::string kKey1 = "00000000-0000-4000-8000-000000000001";  // on the standard resource
const std::string kKey2 = "00000000-0000-4000-8000-000000000002";  // on the zero-trust resource
const std::string kKey3 = "00000000-0000-4000-8000-000000000003";  // unbound, alice's
const std::string kRes1 = "00000000-0000-4000-8000-000000000001";
const std::string kRes2 = "00000000-0000-4000-8000-000000000002";

struct World {
  zt::ManualClock clock;
  testing::MemoryStore store;
  KeyFileProvider master{zt::crypto::SecretBytes(zt::as_bytes("1:" + std::string(64, '5') + "\n"))};
  KeyCache cache{clock, std::chrono::seconds(60), 16};
  UriCodec uris{"kms.fuzz"};
  KmsApi api{
      KmsApiDeps{store, master, cache, uris, clock, zt::crypto::SystemRandom::instance(), nullptr},
      KmsApiOptions{}};

  World() {
    int64_t now =
        std::chrono::duration_cast<std::chrono::microseconds>(clock.now().time_since_epoch())
            .count();
    std::vector<KeyRecord> keys;
    for (const auto& id : {kKey1, kKey2, kKey3}) {
      zt::crypto::SecretBytes material(zt::Bytes(32, static_cast<uint8_t>(id.back())));
      keys.push_back({id, "org-a", "alice", "", 1,
                      master.wrap(1, wrap_aad(uris.format(UriKind::kKey, id), 1), material,
                                  zt::crypto::SystemRandom::instance()),
                      now, now + 3'600'000'000});
    }
    store.insert_keys(keys, {now, "org-a", "alice", "user", "create_keys", "3 keys", "", "ok"});
    store.create_resource({kRes1, "org-a", "alice", Mode::kStandard, {"alice", "bob"}, {}}, {kKey1},
                          "alice", now,
                          {now, "org-a", "alice", "user", "create_resource", "r1", "", "ok"});
    store.create_resource({kRes2, "org-a", "alice", Mode::kZeroTrust, {"alice", "bob"}, {}},
                          {kKey2}, "alice", now,
                          {now, "org-a", "alice", "user", "create_resource", "r2", "", "ok"});
  }
};

Caller caller(uint8_t b) {
  switch (b % 5) {
    case 0:
      return {"alice", "org-a", CallerKind::kUser, "", false};
    case 1:
      return {"bob", "org-a", CallerKind::kUser, "", false};
    case 2:
      return {"mallory", "org-a", CallerKind::kUser, "", false};
    case 3:
      return {"svc-dlp", "org-a", CallerKind::kService, "dlp", false};
    default:
      return {"ops", "org-ops", CallerKind::kAdmin, "", true};
  }
}

template <class Request, class Response>
void run(World& w, const Caller& c, const uint8_t* data, size_t size,
         Response (KmsApi::*method)(const Caller&, const Request&)) {
  Request req;
  if (!req.ParseFromArray(data, static_cast<int>(size)))
    return;  // the service answers INVALID_ARGUMENT
  const int64_t chain_before = w.store.audit_head().seq;
  try {
    Response out = (w.api.*method)(c, req);
    if constexpr (std::is_same_v<Response, v1::RetrieveKeysResponse>) {
      for (const auto& k : out.keys()) {
        if (c.principal == "mallory") std::abort();
        if (c.kind == CallerKind::kService && k.uri() == w.uris.format(UriKind::kKey, kKey2))
          std::abort();
      }
    }
  } catch (const DomainError&) {
    // Refusals audit only a zero-trust compliance attempt.
    int64_t after = w.store.audit_head().seq;
    if (after != chain_before && !(c.kind == CallerKind::kService && after == chain_before + 1))
      std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  World w;
  Caller c = caller(data[1]);
  const uint8_t* body = data + 2;
  size_t n = size - 2;
  switch (data[0] % 11) {
    case 0:
      run(w, c, body, n, &KmsApi::create_keys);
      break;
    case 1:
      run(w, c, body, n, &KmsApi::create_resource);
      break;
    case 2:
      run(w, c, body, n, &KmsApi::bind_key);
      break;
    case 3:
      run(w, c, body, n, &KmsApi::authorize);
      break;
    case 4:
      run(w, c, body, n, &KmsApi::deauthorize);
      break;
    case 5:
      run(w, c, body, n, &KmsApi::list_authorizations);
      break;
    case 6:
      run(w, c, body, n, &KmsApi::retrieve_keys);
      break;
    case 7:
      run(w, c, body, n, &KmsApi::delete_resource);
      break;
    case 8:
      run(w, c, body, n, &KmsApi::rotate_master_key);
      break;
    case 9:
      run(w, c, body, n, &KmsApi::query_audit);
      break;
    default:
      run(w, c, body, n, &KmsApi::verify_audit);
      break;
  }
  if (!AuditVerifier(w.store).verify().ok) std::abort();
  return 0;
}
