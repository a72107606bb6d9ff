// Sealed sessions on the KMS side: OpenSession opens the HPKE-sealed hello
// and keeps the session (its principal, the two SealingKeys, the last
// sequence number accepted, the expiry); each Sealed request is checked and
// opened here before anything else runs. A session lasts
// SessionOptions::lifetime, and never past the opener's token. Every refusal leaves the session as
// it was. Sessions live in this process (a client whose next request reaches
// another replica is told UNAUTHENTICATED and opens a new session).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "caller.h"
#include "session_identity.h"
#include "zt/base/clock.h"
#include "zt/crypto/random.h"
#include "zt/kms/session_crypto.h"
#include "zt/kms/v1/kms.pb.h"

namespace zt::kms {

struct SessionOptions {
  std::chrono::seconds lifetime{3600};
  size_t max_sessions = 100'000;
};

struct Session;

// A sealed request that opened: its call, whose it is, and how to seal
// the answer.
struct OpenedCall {
  v1::SealedCall call;
  Caller caller;
  uint64_t sequence = 0;
  std::shared_ptr<Session> session;
};

class SessionTable {
 public:
  SessionTable(const SessionIdentity& identity, const Clock& clock, crypto::RandomSource& random,
               SessionOptions options);
  ~SessionTable();

  // Throws DomainError: FAILED_PRECONDITION for another key id or a stale
  // hello, INVALID_ARGUMENT for bytes that do not open, RESOURCE_EXHAUSTED
  // when the table is full.
  v1::OpenSessionResponse open_session(const Caller& caller, const v1::OpenSessionRequest& req);

  // The session is the credential of a sealed call: only its opener holds
  // its keys. Throws DomainError (see Kms.Sealed in kms.proto); on success
  // the session's sequence number has advanced to the request's.
  OpenedCall open_call(const v1::SealedRequest& req);
  v1::SealedResponse seal_result(const OpenedCall& call, const v1::SealedResult& result);

  size_t size() const;

 private:
  void purge_expired_locked(int64_t now_us);
  int64_t now_us() const;

  const SessionIdentity& identity_;
  const Clock& clock_;
  crypto::RandomSource& random_;
  SessionOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Session>> sessions_;
};

}  // namespace zt::kms
