// zt-sfu wired together: the router, the UDP workers, the media grant
// verifier, the metrics and the gRPC service, owned as members in
// dependency order, so they are destroyed in reverse: the service (its
// reaper thread) and the metrics thread stop first, then the UDP workers,
// and the router they all use goes last. main.cpp and the in-process tests
// build one of these.
#pragma once

#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <string>

#include "media_grant.h"
#include "meeting_registry.h"
#include "router.h"
#include "sfu_metrics.h"
#include "sfu_service.h"
#include "udp_worker.h"
#include "zt/auth/jwks_cache.h"
#include "zt/base/clock.h"

namespace zt::sfu {

struct SfuAppOptions {
  RouterOptions router;
  SfuServiceOptions service;
  WorkerOptions worker;
  std::string udp_address = "127.0.0.1:0";  // port 0: any free port
  size_t workers = 1;
  std::string public_udp_address;  // what Join tells clients; empty: the bound UDP address
};

class SfuApp {
 public:
  // `random` (thread-safe) fills ICE credentials, SSRCs and session ids; `meetings` (the Redis
  // registry) and `metrics` may be null and must outlive the app.
  // `grant_keys`: the JWK Set of the keys that sign media grants (the DS's JWKS).
  SfuApp(SfuAppOptions options, auth::JwksFetcher grant_keys, const Clock& clock,
         std::function<void(MutableBytesView)> random, MeetingRegistry* meetings,
         prometheus::Registry* metrics);
  SfuApp(const SfuApp&) = delete;
  SfuApp& operator=(const SfuApp&) = delete;

  // Starts the UDP workers.
  void start() { udp_.start(); }
  // Ends every Events stream with UNAVAILABLE (the chassis's drain hook).
  void shutdown() { service_.shutdown(); }

  Router& router() { return router_; }
  SfuService& service() { return service_; }
  Endpoint udp_endpoint() const { return udp_.local_endpoint(); }
  size_t workers() const { return workers_; }

 private:
  size_t workers_;
  Router router_;
  UdpServer udp_;
  MediaGrantVerifier verifier_;
  std::unique_ptr<SfuMetrics> metrics_;  // null without a Prometheus registry
  SfuService service_;
};

}  // namespace zt::sfu
