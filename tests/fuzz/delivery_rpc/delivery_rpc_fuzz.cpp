// Fuzzes whole gRPC requests of zt.delivery.v1.Delivery through a real
// in-process server: gRPC's own request parsing, the bearer check, every
// method's request validation (KeyPackage, MLSMessage, GroupInfo and
// Welcome decoding and checks) and the error mapping. Input: one byte
// choosing the method, one choosing the caller (a valid device token, none,
// a garbage token, an admin token), then the serialized request message.
// No database is reachable, so what passes validation fails at the store
// and must come back as a clean status.
//
// Properties: the process never crashes; no RPC ends UNKNOWN (an exception
// that escaped the service's one mapping); every refusal of the service
// carries a message (ZT_FUZZ_VERBOSE=1 prints each method and status).
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "delivery_app.h"
#include "zt/auth/jws.h"
#include "zt/log/log.h"
#include "zt/server/grpc_server.h"

namespace {

using namespace zt;

constexpr const char* kMethods[] = {
    "UploadKeyPackages",      "ClaimKeyPackage",   "CountKeyPackages",
    "GetExternalSender",      "CreateGroup",       "GetGroup",
    "LookupMeeting",          "SendCommit",        "SendProposal",
    "SendApplicationMessage", "Subscribe",         "SubscribeWelcomes",
    "GetGroupInfo",           "RequestJoin",       "RequestLeave",
    "RequestFeature",         "RequestMediaGrant", "GetGrantKeys",
};
constexpr size_t kMethodCount = sizeof(kMethods) / sizeof(kMethods[0]);

struct Harness {
  Harness() : signer(auth::JwsSigner::generate("fuzz")) {
    log::init("delivery-fuzz", "error");
    pg::PoolOptions po;
    po.uri = "postgresql://zt@127.0.0.1:1/nowhere";
    po.acquire_timeout = std::chrono::milliseconds(50);
    pool = std::make_unique<pg::Pool>(po);
    delivery::DeliveryOptions opts;
    std::string jwks = auth::JwkSet({signer.public_jwk()}).to_json();
    opts.jwks = [jwks] { return std::optional<std::string>(jwks); };
    opts.stream_threads = 1;
    app = std::make_unique<delivery::DeliveryApp>(
        *pool, nullptr, std::nullopt, SystemClock::instance(), std::move(opts), nullptr);
    service = app->make_grpc_service();
    server = std::make_unique<server::GrpcServer>(server::GrpcServerOptions{}, nullptr);
    server->add_service(service.get());
    server->start();
    channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server->port()),
                                  grpc::InsecureChannelCredentials());
    stub = std::make_unique<grpc::GenericStub>(channel);
    device_token = token({std::string(auth::kRoleDevice)}, "dev-fuzz");
    admin_token = token({std::string(auth::kRoleFullAdmin)}, "");
  }

  std::string token(std::vector<std::string> roles, const std::string& device) const {
    auth::Claims c;
    c.subject = "fuzz";
    c.org_id = "org-fuzz";
    c.roles = std::move(roles);
    c.device_id = device;
    c.issued_at =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    c.expires_at = c.issued_at + std::chrono::hours(24);
    return signer.sign(auth::claims_to_json(c));
  }

  auth::JwsSigner signer;
  std::unique_ptr<pg::Pool> pool;
  std::unique_ptr<delivery::DeliveryApp> app;
  std::unique_ptr<delivery::DeliveryGrpcService> service;
  std::unique_ptr<server::GrpcServer> server;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  std::string device_token;
  std::string admin_token;
};

Harness& harness() {
  static Harness* h = new Harness();  // lives for the process: the server's threads outlive main
  return *h;
}

void check(const grpc::Status& st) {
  if (st.error_code() == grpc::StatusCode::UNKNOWN) std::abort();
  // gRPC itself answers a request it cannot parse with a bare INTERNAL.
  if (!st.ok() && st.error_code() != grpc::StatusCode::INTERNAL && st.error_message().empty())
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  Harness& h = harness();
  const std::string method =
      std::string("/zt.delivery.v1.Delivery/") + kMethods[data[0] % kMethodCount];
  const bool streaming = method.ends_with("/Subscribe") || method.ends_with("/SubscribeWelcomes");
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  switch (data[1] % 4) {
    case 0:
      ctx.AddMetadata("authorization", "Bearer " + h.device_token);
      break;
    case 1:
      break;
    case 2:
      ctx.AddMetadata("authorization", "Bearer x.y.z");
      break;
    default:
      ctx.AddMetadata("authorization", "Bearer " + h.admin_token);
      break;
  }
  grpc::Slice slice(data + 2, size - 2);
  grpc::ByteBuffer request(&slice, 1);
  grpc::CompletionQueue cq;
  grpc::ByteBuffer response;
  grpc::Status status;
  void* tag = nullptr;
  bool ok = false;
  if (!streaming) {
    auto call = h.stub->PrepareUnaryCall(&ctx, method, request, &cq);
    call->StartCall();
    call->Finish(&response, &status, reinterpret_cast<void*>(1));
    cq.Next(&tag, &ok);
  } else {
    auto call = h.stub->PrepareCall(&ctx, method, &cq);
    call->StartCall(reinterpret_cast<void*>(1));
    cq.Next(&tag, &ok);
    call->Write(request, grpc::WriteOptions().set_last_message(), reinterpret_cast<void*>(2));
    cq.Next(&tag, &ok);
    // The stream may stay open (a subscription that passed every check): read briefly, then cancel.
    ctx.set_deadline(std::chrono::system_clock::now());
    for (int i = 0; i < 4; ++i) {
      call->Read(&response, reinterpret_cast<void*>(3));
      cq.Next(&tag, &ok);
      if (!ok) break;
    }
    ctx.TryCancel();
    call->Finish(&status, reinterpret_cast<void*>(4));
    while (cq.Next(&tag, &ok) && tag != reinterpret_cast<void*>(4)) {
    }
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  if (std::getenv("ZT_FUZZ_VERBOSE"))
    std::fprintf(stderr, "%s -> %d %s\n", method.c_str(), status.error_code(),
                 status.error_message().c_str());
  if (status.error_code() != grpc::StatusCode::CANCELLED &&
      status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
    check(status);
  }
  return 0;
}
