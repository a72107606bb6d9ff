#include "kms_grpc_service.h"

#include "grpc_status.h"
#include "zt/crypto/error.h"
#include "zt/log/log.h"

namespace zt::kms {
namespace {

template <class Message>
void decode(const grpc::ByteBuffer& bytes, Message& out) {
  std::vector<grpc::Slice> slices;
  std::string data;
  if (bytes.Dump(&slices).ok()) {
    for (const auto& s : slices) data.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  if (!out.ParseFromString(data))
    throw DomainError::invalid_argument("the request is not a valid " + out.GetTypeName());
}

grpc::ByteBuffer encode(const google::protobuf::MessageLite& message) {
  grpc::Slice slice(message.SerializeAsString());
  return grpc::ByteBuffer(&slice, 1);
}

std::string_view authorization(const grpc::CallbackServerContext& ctx) {
  auto it = ctx.client_metadata().find("authorization");
  if (it == ctx.client_metadata().end()) return {};
  return {it->second.data(), it->second.size()};
}

}  // namespace

template <class Request, class Method>
grpc::ServerUnaryReactor* KmsGrpcService::unary(Context* ctx, const Buffer* request,
                                                Buffer* response, const char* name, Method method) {
  grpc::Status status;
  try {
    Caller caller = authenticator_.authenticate(authorization(*ctx));
    Request req;
    decode(*request, req);
    *response = encode((api_.*method)(caller, req));
  } catch (const DomainError& e) {
    status = to_status(e);
    if (e.code() == ErrorCode::kInvalidArgument) api_.count_refusal(name, "invalid_argument");
    if (e.code() == ErrorCode::kUnauthenticated) api_.count_refusal(name, "unauthenticated");
  } catch (const crypto::CryptoError&) {
    // A wrapped key that does not open: never the key, never the detail.
    log::error("wrapped key does not open", {log::field("method", name)});
    status = {grpc::StatusCode::INTERNAL, "a stored key could not be unwrapped"};
  } catch (const std::exception& e) {
    log::error("rpc failed", {log::field("method", name), log::field("error", e.what())});
    status = {grpc::StatusCode::INTERNAL, "internal error"};
  }
  auto* reactor = ctx->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

#define ZT_KMS_METHOD(Name, Request, fn)                                              \
  grpc::ServerUnaryReactor* KmsGrpcService::Name(Context* ctx, const Buffer* request, \
                                                 Buffer* response) {                  \
    return unary<v1::Request>(ctx, request, response, #Name, &KmsApi::fn);            \
  }

ZT_KMS_METHOD(CreateKeys, CreateKeysRequest, create_keys)
ZT_KMS_METHOD(CreateResource, CreateResourceRequest, create_resource)
ZT_KMS_METHOD(BindKey, BindKeyRequest, bind_key)
ZT_KMS_METHOD(Authorize, AuthorizeRequest, authorize)
ZT_KMS_METHOD(Deauthorize, DeauthorizeRequest, deauthorize)
ZT_KMS_METHOD(ListAuthorizations, ListAuthorizationsRequest, list_authorizations)
ZT_KMS_METHOD(RetrieveKeys, RetrieveKeysRequest, retrieve_keys)
ZT_KMS_METHOD(DeleteResource, DeleteResourceRequest, delete_resource)
ZT_KMS_METHOD(RotateMasterKey, RotateMasterKeyRequest, rotate_master_key)
ZT_KMS_METHOD(QueryAudit, QueryAuditRequest, query_audit)
ZT_KMS_METHOD(VerifyAudit, VerifyAuditRequest, verify_audit)

#undef ZT_KMS_METHOD

}  // namespace zt::kms
