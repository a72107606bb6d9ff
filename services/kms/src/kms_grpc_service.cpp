#include "kms_grpc_service.h"

#include <array>

#include "grpc_status.h"
#include "zt/crypto/error.h"
#include "zt/log/log.h"

namespace zt::kms {
namespace {

template <class Message>
void decode(const std::string& bytes, Message& out) {
  if (!out.ParseFromString(bytes))
    throw DomainError::invalid_argument("the request is not a valid " + out.GetTypeName());
}

std::string flatten(const grpc::ByteBuffer& bytes) {
  std::vector<grpc::Slice> slices;
  std::string data;
  if (bytes.Dump(&slices).ok()) {
    for (const auto& s : slices) data.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return data;
}

grpc::ByteBuffer encode(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string authorization(const grpc::CallbackServerContext& ctx) {
  auto it = ctx.client_metadata().find("authorization");
  if (it == ctx.client_metadata().end()) return {};
  return {it->second.data(), it->second.size()};
}

template <class Request, class Response>
using ApiMethod = Response (KmsApi::*)(const Caller&, const Request&);

template <class Request, class Response, ApiMethod<Request, Response> Method>
std::string invoke(KmsApi& api, const Caller& caller, const std::string& bytes) {
  Request req;
  decode(bytes, req);
  return (api.*Method)(caller, req).SerializeAsString();
}

#define ZT_KMS_ENTRY(Name, Request, Response, fn, secret) \
  KmsMethod{#Name, secret, &invoke<v1::Request, v1::Response, &KmsApi::fn>}

const std::array kMethods = {
    ZT_KMS_ENTRY(CreateKeys, CreateKeysRequest, CreateKeysResponse, create_keys, true),
    ZT_KMS_ENTRY(CreateResource, CreateResourceRequest, Resource, create_resource, false),
    ZT_KMS_ENTRY(BindKey, BindKeyRequest, Key, bind_key, false),
    ZT_KMS_ENTRY(Authorize, AuthorizeRequest, Authorizations, authorize, false),
    ZT_KMS_ENTRY(Deauthorize, DeauthorizeRequest, Authorizations, deauthorize, false),
    ZT_KMS_ENTRY(ListAuthorizations, ListAuthorizationsRequest, Authorizations,
                 list_authorizations, false),
    ZT_KMS_ENTRY(RetrieveKeys, RetrieveKeysRequest, RetrieveKeysResponse, retrieve_keys, true),
    ZT_KMS_ENTRY(DeleteResource, DeleteResourceRequest, DeleteResourceResponse, delete_resource,
                 false),
    ZT_KMS_ENTRY(RotateMasterKey, RotateMasterKeyRequest, RotateMasterKeyResponse,
                 rotate_master_key, false),
    ZT_KMS_ENTRY(QueryAudit, QueryAuditRequest, QueryAuditResponse, query_audit, false),
    ZT_KMS_ENTRY(VerifyAudit, VerifyAuditRequest, VerifyAuditResponse, verify_audit, false),
};

#undef ZT_KMS_ENTRY

}  // namespace

const KmsMethod* find_kms_method(std::string_view name) {
  for (const auto& m : kMethods) {
    if (name == m.name) return &m;
  }
  return nullptr;
}

v1::SealedResponse run_sealed(KmsApi& api, SessionTable& sessions,
                              const Authenticator* authenticator,
                              const v1::SealedRequest& request) {
  OpenedCall call = sessions.open_call(request);
  if (authenticator) authenticator->check_not_revoked(call.caller);
  const Caller& caller = call.caller;
  v1::SealedResult result;
  const KmsMethod* method = find_kms_method(call.call.method());
  try {
    if (!method) {
      throw DomainError::invalid_argument("method: \"" + call.call.method().substr(0, 64) +
                                              "\" is not a KMS method",
                                          "method");
    }
    result.set_response(method->invoke(api, caller, call.call.request()));
  } catch (const DomainError& e) {
    grpc::Status s = to_status(e);
    result.set_status_code(s.error_code());
    result.set_message(s.error_message());
    if (e.code() == ErrorCode::kInvalidArgument)
      api.count_refusal(method ? method->name : "Sealed", "invalid_argument");
  }
  return sessions.seal_result(call, result);
}

grpc::ServerUnaryReactor* KmsGrpcService::run(
    Context* ctx, const Buffer* request, Buffer* response, const char* name,
    std::function<std::string(const std::string&)> body) {
  auto* reactor = ctx->DefaultReactor();
  workers_.post([this, reactor, bytes = flatten(*request), response, name,
                 body = std::move(body)] {
    reactor->Finish(finish(bytes, response, name, body));
  });
  return reactor;
}

grpc::Status KmsGrpcService::finish(const std::string& bytes, Buffer* response, const char* name,
                                    const std::function<std::string(const std::string&)>& body) {
  grpc::Status status;
  try {
    *response = encode(body(bytes));
  } catch (const DomainError& e) {
    status = to_status(e);
    if (e.code() == ErrorCode::kInvalidArgument) api_.count_refusal(name, "invalid_argument");
    if (e.code() == ErrorCode::kUnauthenticated) api_.count_refusal(name, "unauthenticated");
    if (e.code() == ErrorCode::kFailedPrecondition) api_.count_refusal(name, "failed_precondition");
  } catch (const crypto::CryptoError&) {
    // A wrapped key that does not open: never the key, never the detail.
    log::error("wrapped key does not open", {log::field("method", name)});
    status = {grpc::StatusCode::INTERNAL, "a stored key could not be unwrapped"};
  } catch (const std::exception& e) {
    log::error("rpc failed", {log::field("method", name), log::field("error", e.what())});
    status = {grpc::StatusCode::INTERNAL, "internal error"};
  }
  return status;
}

grpc::ServerUnaryReactor* KmsGrpcService::plain(Context* ctx, const Buffer* request,
                                                Buffer* response, const char* name) {
  const KmsMethod* method = find_kms_method(name);
  return run(ctx, request, response, name, [this, method, name, auth = authorization(*ctx)](
                                              const std::string& bytes) {
    Caller caller = authenticator_.authenticate(auth);
    if (method->carries_key_material) {
      throw DomainError::failed_precondition(
          std::string(name) +
          " answers key material, which the KMS sends only inside a sealed session: call it "
          "through Sealed after OpenSession");
    }
    return method->invoke(api_, caller, bytes);
  });
}

grpc::ServerUnaryReactor* KmsGrpcService::GetSessionKey(Context* ctx, const Buffer* request,
                                                        Buffer* response) {
  return run(ctx, request, response, "GetSessionKey", [this](const std::string& bytes) {
    v1::GetSessionKeyRequest req;
    decode(bytes, req);
    return identity_.published().SerializeAsString();
  });
}

grpc::ServerUnaryReactor* KmsGrpcService::OpenSession(Context* ctx, const Buffer* request,
                                                      Buffer* response) {
  return run(ctx, request, response, "OpenSession",
             [this, auth = authorization(*ctx)](const std::string& bytes) {
    Caller caller = authenticator_.authenticate(auth);
    v1::OpenSessionRequest req;
    decode(bytes, req);
    return sessions_.open_session(caller, req).SerializeAsString();
  });
}

grpc::ServerUnaryReactor* KmsGrpcService::Sealed(Context* ctx, const Buffer* request,
                                                 Buffer* response) {
  return run(ctx, request, response, "Sealed", [this](const std::string& bytes) {
    v1::SealedRequest req;
    decode(bytes, req);
    return run_sealed(api_, sessions_, &authenticator_, req).SerializeAsString();
  });
}

#define ZT_KMS_METHOD(Name)                                                           \
  grpc::ServerUnaryReactor* KmsGrpcService::Name(Context* ctx, const Buffer* request, \
                                                 Buffer* response) {                  \
    return plain(ctx, request, response, #Name);                                      \
  }

ZT_KMS_METHOD(CreateKeys)
ZT_KMS_METHOD(CreateResource)
ZT_KMS_METHOD(BindKey)
ZT_KMS_METHOD(Authorize)
ZT_KMS_METHOD(Deauthorize)
ZT_KMS_METHOD(ListAuthorizations)
ZT_KMS_METHOD(RetrieveKeys)
ZT_KMS_METHOD(DeleteResource)
ZT_KMS_METHOD(RotateMasterKey)
ZT_KMS_METHOD(QueryAudit)
ZT_KMS_METHOD(VerifyAudit)

#undef ZT_KMS_METHOD

}  // namespace zt::kms
