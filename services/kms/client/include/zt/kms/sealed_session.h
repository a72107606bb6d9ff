// A sealed session with a KMS, as a client uses it (docs/kms-sessions.md):
// open() fetches the KMS's session key, checks it against KmsTrust, and
// opens a session with one HPKE-sealed request; call() seals a request,
// sends it through Kms.Sealed and opens the response. Whatever sits between
// the client and the KMS (a TLS-terminating proxy, a service mesh) sees
// only ciphertext. Calls on one session are serialized: the KMS refuses a
// sequence number at or below one it already accepted, so a client that
// wants parallel calls opens several sessions.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "zt/kms/kms_trust.h"
#include "zt/kms/session_crypto.h"
#include "zt/kms/v1/kms.grpc.pb.h"

namespace zt::kms {

struct SealedSessionOptions {
  std::chrono::milliseconds deadline{10'000};  // of each gRPC call
  std::chrono::seconds request_ttl{60};        // a sealed request expires this long after sealing
};

class SealedSession {
 public:
  // OK and `out` set, or why the KMS could not be trusted or refused
  // (UNAUTHENTICATED for a session key that does not check out).
  static grpc::Status open(v1::Kms::StubInterface& stub, std::string bearer_token,
                           const KmsTrust& trust, std::unique_ptr<SealedSession>* out,
                           SealedSessionOptions options = {});

  // One sealed call of `method` ("RetrieveKeys", "CreateKeys", ...): the
  // status is the session's refusal, or the inner call's own status.
  grpc::Status call(std::string_view method, const google::protobuf::MessageLite& request,
                    google::protobuf::MessageLite* response);

  // The parts of call(), for tests of the KMS's refusals: seal() uses up
  // the next sequence number; send() delivers any sealed request and opens
  // the response of its sequence number.
  v1::SealedRequest seal(std::string_view method, const google::protobuf::MessageLite& request,
                         std::optional<int64_t> expires_at_unix_ms = std::nullopt);
  grpc::Status send(const v1::SealedRequest& sealed, google::protobuf::MessageLite* response);

  int64_t expires_at_unix() const { return expires_at_unix_; }

 private:
  SealedSession(v1::Kms::StubInterface& stub, std::string token, SealedSessionOptions options,
                const crypto::HpkeContext& hpke, const v1::OpenSessionResponse& opened);
  std::unique_ptr<grpc::ClientContext> context() const;

  v1::Kms::StubInterface& stub_;
  std::string token_;
  SealedSessionOptions options_;
  std::string session_id_;
  int64_t expires_at_unix_;
  std::mutex call_mu_;  // one call() at a time
  std::mutex mu_;       // guards the keys and next_sequence_
  SealingKey to_kms_;
  SealingKey from_kms_;
  uint64_t next_sequence_ = 1;
};

}  // namespace zt::kms
