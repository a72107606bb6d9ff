// A test client: one independent MlsClientService behind its own in-process
// gRPC server on 127.0.0.1:0, and a stub to it. call() fails the test with
// the status message if the RPC fails.
#pragma once

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mls_client.grpc.pb.h"
#include "mls_client_service.h"

namespace zt::mls_interop::testing {

class InteropClient {
 public:
  InteropClient() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = mls_client::MLSClient::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port_),
                                                               grpc::InsecureChannelCredentials()));
  }
  ~InteropClient() { server_->Shutdown(); }

  mls_client::MLSClient::Stub& stub() { return *stub_; }
  MlsClientService& service() { return service_; }

  // resp = rpc(req), expecting OK.
  template <class Req, class Resp>
  Resp call(grpc::Status (mls_client::MLSClient::Stub::*rpc)(grpc::ClientContext*, const Req&,
                                                             Resp*),
            const Req& req) {
    grpc::ClientContext ctx;
    Resp resp;
    grpc::Status s = (stub_.get()->*rpc)(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_code() << ": " << s.error_message();
    return resp;
  }
  // The status of rpc(req).
  template <class Req, class Resp>
  grpc::Status status(grpc::Status (mls_client::MLSClient::Stub::*rpc)(grpc::ClientContext*,
                                                                       const Req&, Resp*),
                      const Req& req) {
    grpc::ClientContext ctx;
    Resp resp;
    return (stub_.get()->*rpc)(&ctx, req, &resp);
  }

 private:
  MlsClientService service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<mls_client::MLSClient::Stub> stub_;
};

using Stub = mls_client::MLSClient::Stub;

}  // namespace zt::mls_interop::testing
