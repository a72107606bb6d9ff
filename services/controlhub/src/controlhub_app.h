// Control Hub wired together: store, keys, CA, policy bus, REST server and
// the gRPC service. main.cpp and the tests build one of these.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "bootstrap.h"
#include "controlhub_grpc_service.h"
#include "key_vault.h"
#include "idempotency_store.h"
#include "org_ca.h"
#include "pg_store.h"
#include "policy_bus.h"
#include "principal_gate.h"
#include "rest_api.h"
#include "store.h"
#include "token_issuer.h"
#include "zt/base/clock.h"
#include "zt/http/server.h"
#include "zt/pg/migrations.h"
#include "zt/pg/pool.h"
#include "zt/redis/client.h"

namespace zt::controlhub {

// The embedded services/controlhub/migrations.
std::span<const pg::Migration> controlhub_migrations();

struct ControlHubOptions {
  std::string http_address = "127.0.0.1:8001";
  crypto::SecretBytes master_secret;  // contents of the master key file
  std::string bootstrap_file;         // where the first admin credential goes
  std::string bootstrap_org = "default";
  std::chrono::seconds token_ttl{3600};
  std::chrono::seconds certificate_validity{24 * 3600};
  std::chrono::milliseconds policy_resync{2000};
  http::HttpServerOptions http;             // TLS files (both set => HTTPS only), timeouts, connection cap
};

class ControlHubApp {
 public:
  // `redis` may be null; `subscribe` set => listen for other replicas' changes.
  // `random` makes every key, id and credential (nonces of sealed keys too).
  ControlHubApp(pg::Pool& pool, redis::Client* redis, std::optional<redis::Options> subscribe, const Clock& clock,
                crypto::RandomSource& random, ControlHubOptions options, prometheus::Registry* registry);
  ~ControlHubApp();

  // Signing keys, root CA, bootstrap credential, then the HTTP listener.
  void start();
  void stop();

  int http_port() const { return http_ ? http_->port() : 0; }
  // A gRPC service over this app's state; the app must outlive it.
  std::unique_ptr<ControlHubGrpcService> make_grpc_service();
  Store& store() { return store_; }
  PrincipalGate& gate() { return gate_; }
  TokenIssuer& tokens() { return tokens_; }
  PolicyBus& bus() { return bus_; }
  const std::optional<BootstrapResult>& bootstrap() const { return bootstrap_; }

 private:
  ControlHubOptions options_;
  const Clock& clock_;
  crypto::RandomSource& random_;
  pg::Pool& pool_;
  PgStore store_;
  IdempotencyStore idempotency_;
  KeyVault vault_;
  TokenIssuer tokens_;
  PrincipalGate gate_;
  OrgCa ca_;
  PolicyBus bus_;
  prometheus::Registry* registry_;  // may be null
  std::optional<ApiMetrics> metrics_;
  std::unique_ptr<RestApi> api_;
  std::unique_ptr<http::HttpServer> http_;
  std::optional<BootstrapResult> bootstrap_;
};

}  // namespace zt::controlhub
