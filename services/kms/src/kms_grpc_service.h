// zt.kms.v1.Kms on gRPC. Every method runs on the callback API with raw
// request bytes, so a request that does not decode answers INVALID_ARGUMENT
// (the generated handlers say INTERNAL with an empty message). Each call:
// authenticate the bearer token, decode, run KmsApi, map DomainError once.
// A method whose response carries key material (CreateKeys, RetrieveKeys)
// runs only inside a sealed session (Sealed); called directly it is
// FAILED_PRECONDITION.
#pragma once

#include <functional>

#include "caller.h"
#include "kms_api.h"
#include "session_table.h"
#include "zt/server/work_queue.h"
#include "zt/kms/v1/kms.grpc.pb.h"

namespace zt::kms {

using RawKmsService = v1::Kms::WithRawCallbackMethod_CreateKeys<
    v1::Kms::WithRawCallbackMethod_CreateResource<v1::Kms::WithRawCallbackMethod_BindKey<
        v1::Kms::WithRawCallbackMethod_Authorize<v1::Kms::WithRawCallbackMethod_Deauthorize<
            v1::Kms::WithRawCallbackMethod_ListAuthorizations<
                v1::Kms::WithRawCallbackMethod_RetrieveKeys<
                    v1::Kms::WithRawCallbackMethod_DeleteResource<
                        v1::Kms::WithRawCallbackMethod_RotateMasterKey<
                            v1::Kms::WithRawCallbackMethod_QueryAudit<
                                v1::Kms::WithRawCallbackMethod_VerifyAudit<
                                    v1::Kms::WithRawCallbackMethod_GetSessionKey<
                                        v1::Kms::WithRawCallbackMethod_OpenSession<
                                            v1::Kms::WithRawCallbackMethod_Sealed<
                                                v1::Kms::Service>>>>>>>>>>>>>>;

// Runs one KMS method on request bytes: the response bytes, or DomainError.
// The gRPC service and the sealed-call fuzz target use this one table.
struct KmsMethod {
  const char* name;
  bool carries_key_material;  // only inside a sealed session
  std::string (*invoke)(KmsApi& api, const Caller& caller, const std::string& request);
};
// Null for a name that is not a sealable KMS method.
const KmsMethod* find_kms_method(std::string_view name);

// A sealed call, opened: the inner method's status and response, sealed.
// It runs as the session's opener; `authenticator` (may be null) refuses
// one whose principal Control Hub has revoked since.
v1::SealedResponse run_sealed(KmsApi& api, SessionTable& sessions,
                              const Authenticator* authenticator,
                              const v1::SealedRequest& request);

class KmsGrpcService final : public RawKmsService {
 public:
  // `workers`: threads that run the calls (they block on PostgreSQL).
  KmsGrpcService(KmsApi& api, Authenticator& authenticator, const SessionIdentity& identity,
                 SessionTable& sessions, size_t workers = 16)
      : api_(api),
        authenticator_(authenticator),
        identity_(identity),
        sessions_(sessions),
        workers_(workers) {}

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;
  using Buffer = grpc::ByteBuffer;

  Reactor* CreateKeys(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* CreateResource(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* BindKey(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* Authorize(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* Deauthorize(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* ListAuthorizations(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* RetrieveKeys(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* DeleteResource(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* RotateMasterKey(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* QueryAudit(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* VerifyAudit(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* GetSessionKey(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* OpenSession(Context* ctx, const Buffer* request, Buffer* response) override;
  Reactor* Sealed(Context* ctx, const Buffer* request, Buffer* response) override;

 private:
  // Runs `body` (request bytes -> response bytes), maps what it throws.
  // Runs `body` (the caller, request bytes -> response bytes) on a worker,
  // maps what it throws, finishes the call from there.
  Reactor* run(Context* ctx, const Buffer* request, Buffer* response, const char* name,
               std::function<std::string(const std::string&)> body);
  grpc::Status finish(const std::string& bytes, Buffer* response, const char* name,
                      const std::function<std::string(const std::string&)>& body);
  Reactor* plain(Context* ctx, const Buffer* request, Buffer* response, const char* name);

  KmsApi& api_;
  Authenticator& authenticator_;
  const SessionIdentity& identity_;
  SessionTable& sessions_;
  server::WorkQueue workers_;  // last: joined before the references above go
};

}  // namespace zt::kms
