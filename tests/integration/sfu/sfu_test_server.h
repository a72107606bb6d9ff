// An in-process zt-sfu for integration tests: the SfuApp main.cpp builds
// (one UDP worker on an ephemeral loopback port, grants signed by `signer`
// trusted), its gRPC service on an ephemeral port. `registry` may be null.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "meeting_registry.h"
#include "sfu_app.h"
#include "sfu_client.h"
#include "zt/crypto/random.h"
#include "zt/server/grpc_server.h"

namespace zt::sfu::testing {

// What a test may change: the app's options and its clock (a ManualClock
// for the reaper; grants are checked against it too).
struct InProcessOptions {
  SfuAppOptions app;
  const Clock* clock = &SystemClock::instance();
};

struct InProcessSfu {
  explicit InProcessSfu(MeetingRegistry* registry = nullptr, InProcessOptions options = {})
      : signer(auth::JwsSigner::generate("ds-1")),
        app(options.app, auth::static_jwks(auth::JwkSet({signer.public_jwk()})), *options.clock,
            [](MutableBytesView out) { crypto::SystemRandom::instance().fill(out); }, registry, nullptr),
        router(app.router()),
        service(app.service()),
        server(server::GrpcServerOptions{}, nullptr) {
    server.add_service(&service);
    server.start();
    app.start();
    channel = grpc::CreateChannel(grpc_address(), grpc::InsecureChannelCredentials());
  }
  ~InProcessSfu() {
    app.shutdown();
    server.shutdown();
  }
  InProcessSfu(const InProcessSfu&) = delete;
  InProcessSfu& operator=(const InProcessSfu&) = delete;

  // Unix time one hour from now: the expiry of grant().
  static int64_t in_an_hour() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
               .count() + 3600;
  }

  // A grant for `meeting` / `device`, valid for an hour.
  std::string grant(const std::string& meeting, const std::string& device) const {
    return loadgen::sign_media_grant(signer, meeting, device, 1, in_an_hour());
  }

  // "127.0.0.1:<port>" of the gRPC service, for clients that dial it themselves.
  std::string grpc_address() const { return "127.0.0.1:" + std::to_string(server.port()); }

  auth::JwsSigner signer;
  SfuApp app;
  Router& router;
  SfuService& service;
  server::GrpcServer server;
  std::shared_ptr<grpc::Channel> channel;
};

}  // namespace zt::sfu::testing
