// zt.kms.v1.Kms on gRPC. Every method runs on the callback API with raw
// request bytes, so a request that does not decode answers INVALID_ARGUMENT
// (the generated handlers say INTERNAL with an empty message). Each call:
// authenticate the bearer token, decode, run KmsApi, map DomainError once.
#pragma once

#include "caller.h"
#include "kms_api.h"
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
                                    v1::Kms::Service>>>>>>>>>>>;

class KmsGrpcService final : public RawKmsService {
 public:
  KmsGrpcService(KmsApi& api, Authenticator& authenticator)
      : api_(api), authenticator_(authenticator) {}

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

 private:
  template <class Request, class Method>
  Reactor* unary(Context* ctx, const Buffer* request, Buffer* response, const char* name,
                 Method method);

  KmsApi& api_;
  Authenticator& authenticator_;
};

}  // namespace zt::kms
