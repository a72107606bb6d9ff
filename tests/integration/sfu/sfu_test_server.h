// An in-process zt-sfu for integration tests: router, one UDP worker on an
// ephemeral loopback port, grant verifier trusting `signer`, and the gRPC
// service on an ephemeral port. `registry` may be null.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "meeting_registry.h"
#include "sfu_client.h"
#include "sfu_service.h"
#include "udp_worker.h"
#include "zt/crypto/random.h"
#include "zt/server/grpc_server.h"
#include "zt/stun/hmac_integrity_key.h"

namespace zt::sfu::testing {

// What a test may change: router and service options, and the service's
// clock (grants are still checked against the system clock).
struct InProcessOptions {
  RouterOptions router;
  SfuServiceOptions service;
  const Clock* clock = &SystemClock::instance();
};

struct InProcessSfu {
  explicit InProcessSfu(MeetingRegistry* registry = nullptr, InProcessOptions options = {})
      : signer(auth::JwsSigner::generate("ds-1")),
        router(options.router, [](MutableBytesView out) { crypto::SystemRandom::instance().fill(out); },
               [](const std::string& pwd) { return std::make_unique<stun::HmacIntegrityKey>(as_bytes(pwd)); }),
        udp(router, parse_endpoint("127.0.0.1:0"), 1, WorkerOptions{}),
        verifier(auth::JwkSet({signer.public_jwk()}), SystemClock::instance()),
        service(router, verifier, to_string(udp.local_endpoint()), *options.clock, registry, options.service),
        server(server::GrpcServerOptions{}, nullptr) {
    server.add_service(&service);
    server.start();
    udp.start();
    channel = grpc::CreateChannel(grpc_address(), grpc::InsecureChannelCredentials());
  }
  ~InProcessSfu() {
    service.shutdown();
    server.shutdown();
    udp.stop();
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
  Router router;
  UdpServer udp;
  MediaGrantVerifier verifier;
  SfuService service;
  server::GrpcServer server;
  std::shared_ptr<grpc::Channel> channel;
};

}  // namespace zt::sfu::testing
