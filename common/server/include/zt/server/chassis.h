// The service chassis: config, JSON logs, /metrics, a gRPC server with
// health + reflection + TLS/mTLS + keepalive + RPC metrics + request ids,
// PostgreSQL (pool + migrations) and Redis on demand, graceful drain on
// SIGTERM/SIGINT. A service's whole main.cpp:
//
//   #include "zt/server/chassis.h"
//   #include "kms_service.h"
//
//   int main(int argc, char** argv) {
//     zt::config::Schema schema = zt::server::chassis_schema("kms", 7002, 9102);
//     zt::server::add_postgres_keys(schema);              // postgres.uri, .password_file, .pool_size
//     schema.add({"kms.master_key_file", zt::config::Type::kString, "",
//                 "file holding the master key (KEK)", /*secret_file=*/true});
//     return zt::server::run_service("kms", schema, argc, argv, [](zt::server::Chassis& c) {
//       zt::pg::Pool& db = c.postgres(zt_kms_migrations());  // connects, migrates (advisory lock)
//       auto& svc = c.add_service(std::make_unique<zt::kms::KmsService>(
//           db, c.config().read_secret("kms.master_key_file"), c.registry()));
//       (void)svc;
//     });
//   }
//
// run_service() loads the config (exit 2 with a message naming the key or
// file on any ConfigError; `--help` prints the keys), starts /metrics, calls
// the setup function, starts gRPC (health SERVING for "" and for the
// service's short name, e.g. "kms"; add more with server().set_serving), logs {"msg":"serving","grpc_port":..,"metrics_port":..}, waits
// for SIGTERM/SIGINT, sets health NOT_SERVING, stops accepting, lets
// in-flight RPCs finish until grpc.drain_timeout_ms, and returns 0.
// A setup exception is logged (what() only) and gives exit 1.
// Migrations: zt_pg_migrations(<target> <dir>) in CMake embeds <dir>/NNNN_*.sql
// and declares `zt_<target-without-zt->_migrations()` (see common/pg).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/registry.h>

#include "zt/config/config.h"
#include "zt/metrics/metrics.h"
#include "zt/pg/migrations.h"
#include "zt/pg/pool.h"
#include "zt/redis/client.h"
#include "zt/server/grpc_server.h"

namespace zt::server {

// grpc.address (default 127.0.0.1:<grpc_port>), grpc.max_message_bytes,
// grpc.keepalive_time_ms, grpc.keepalive_timeout_ms, grpc.drain_timeout_ms,
// tls.cert_file, tls.key_file (secret), tls.client_ca_file (set => mTLS),
// metrics.address (default 127.0.0.1:<metrics_port>), log.level, state_dir.
config::Schema chassis_schema(std::string_view service, int grpc_port, int metrics_port);
// postgres.uri (default postgresql://zt@127.0.0.1:55432/zt),
// postgres.password_file (secret), postgres.pool_size.
void add_postgres_keys(config::Schema& schema);
// redis.host (127.0.0.1), redis.port (56379), redis.timeout_ms.
void add_redis_keys(config::Schema& schema);

class Chassis {
 public:
  Chassis(std::string service, config::Config config);
  ~Chassis();
  Chassis(const Chassis&) = delete;
  Chassis& operator=(const Chassis&) = delete;

  const config::Config& config() const { return config_; }
  const std::string& service_name() const { return service_; }
  prometheus::Registry& registry() { return *registry_; }
  std::shared_ptr<prometheus::Registry> registry_ptr() { return registry_; }

  // The pool from postgres.* keys, created on first call; applies
  // `migrations` (scope = service name) before returning. Throws on failure.
  pg::Pool& postgres(std::span<const pg::Migration> migrations = {});
  // A Redis client from redis.* keys, created on first call.
  redis::Client& redis();
  redis::Options redis_options() const;

  // Keeps `service` alive for the server's lifetime and registers it.
  template <class T>
  T& add_service(std::unique_ptr<T> service) {
    T& ref = *service;
    server_.add_service(&ref);
    owned_.push_back(std::shared_ptr<void>(std::move(service)));
    return ref;
  }
  // Keeps any dependency alive until after the server has stopped.
  template <class T>
  T& keep(std::unique_ptr<T> object) {
    T& ref = *object;
    owned_.push_back(std::shared_ptr<void>(std::move(object)));
    return ref;
  }

  GrpcServer& server() { return server_; }
  int metrics_port() const;

  // Starts gRPC, blocks until SIGTERM/SIGINT, drains; returns the exit code.
  int serve();

 private:
  std::string service_;
  config::Config config_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<metrics::Exposer> metrics_;
  GrpcServer server_;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<redis::Client> redis_;
  std::vector<std::shared_ptr<void>> owned_;  // destroyed before the server
};

using SetupFn = std::function<void(Chassis&)>;

// Loads config, builds the chassis, runs `setup`, serves. Returns the exit code.
int run_service(std::string_view service, const config::Schema& schema, int argc, char** argv,
                const SetupFn& setup);

}  // namespace zt::server
