// The gRPC server bootstrap used by Chassis, also usable alone (in-process
// service tests bind port 0):
//
//   zt::server::GrpcServerOptions opts;          // address "127.0.0.1:0"
//   zt::server::GrpcServer server(opts, registry); // registry may be nullptr
//   server.add_service(&my_service);
//   server.start();                               // throws on bind failure
//   auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(server.port()), ...);
//   ...
//   server.shutdown();                            // drains in-flight RPCs
//
// Always on: grpc.health.v1 (SERVING after start, NOT_SERVING on shutdown),
// server reflection, the RPC metrics interceptor (when a registry is given),
// and the request-id interceptor: each RPC gets the caller's `x-request-id`
// metadata or a generated id (request_id(ctx)), echoed in the response's
// initial metadata and logged in one access line per RPC. In a handler, tag
// your own log lines with it:
//   zt::log::RequestIdScope rid(zt::server::request_id(*context));
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <prometheus/registry.h>

#include "zt/config/config.h"

namespace zt::server {

inline constexpr char kRequestIdHeader[] = "x-request-id";

struct GrpcServerOptions {
  std::string address = "127.0.0.1:0";
  int max_message_bytes = 16 * 1024 * 1024;
  int keepalive_time_ms = 30'000;
  int keepalive_timeout_ms = 10'000;
  std::chrono::milliseconds drain_timeout{10'000};
  // TLS: PEM files; both empty => plaintext. client_ca_file set => mTLS
  // (client certificate required and verified).
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;

  // From chassis_schema() keys. Throws config::ConfigError naming a TLS
  // file that cannot be read.
  static GrpcServerOptions from_config(const config::Config& config);
};

class GrpcServer {
 public:
  GrpcServer(GrpcServerOptions options, std::shared_ptr<prometheus::Registry> registry);
  ~GrpcServer();
  GrpcServer(const GrpcServer&) = delete;
  GrpcServer& operator=(const GrpcServer&) = delete;

  // Before start(). The service must outlive the server.
  void add_service(grpc::Service* service);

  // Binds and starts. Throws std::runtime_error naming the address on failure.
  void start();
  // The bound port (useful with port 0); 0 before start().
  int port() const { return port_; }
  // Health of one service name ("" = the whole server).
  void set_serving(const std::string& service_name, bool serving);
  // Every service name NOT_SERVING (the first step of a drain).
  void set_not_serving();

  // Graceful drain: NOT_SERVING, stop accepting, wait for in-flight RPCs up
  // to drain_timeout, then cancel the rest. Idempotent.
  void shutdown();
  // Blocks until shutdown() has completed.
  void wait();

  grpc::Server* raw() { return server_.get(); }

 private:
  GrpcServerOptions options_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<struct InterceptorState> interceptors_;
  std::vector<grpc::Service*> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

// The request id of an RPC: the caller's x-request-id or the generated one.
std::string request_id(const grpc::ServerContext& context);

// Installs the SIGTERM/SIGINT handlers (a signal arriving before anyone
// waits is remembered). run_service() calls it first thing.
void install_termination_handlers();
// Blocks the calling thread until SIGTERM or SIGINT arrives (installs the
// handlers on first use). Returns the signal number.
int wait_for_termination_signal();

}  // namespace zt::server
