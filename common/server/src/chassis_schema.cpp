// The configuration keys every service shares.
#include "zt/server/chassis.h"

namespace zt::server {

using config::Key;
using config::Type;

config::Schema chassis_schema(std::string_view service, int grpc_port, int metrics_port) {
  config::Schema s;
  s.add({"grpc.address", Type::kString, "127.0.0.1:" + std::to_string(grpc_port),
         "gRPC listen address host:port (port 0 = any free port)"});
  s.add({"grpc.max_message_bytes", Type::kInt, "16777216", "largest gRPC message accepted or sent"});
  s.add({"grpc.keepalive_time_ms", Type::kInt, "30000", "HTTP/2 keepalive ping interval"});
  s.add({"grpc.keepalive_timeout_ms", Type::kInt, "10000", "keepalive ping ack timeout"});
  s.add({"grpc.drain_timeout_ms", Type::kInt, "10000", "on SIGTERM, how long in-flight RPCs may finish"});
  s.add({"tls.cert_file", Type::kString, "", "server certificate chain (PEM); empty = plaintext"});
  s.add({"tls.key_file", Type::kString, "", "server private key (PEM)", /*secret_file=*/true});
  s.add({"tls.client_ca_file", Type::kString, "", "CA bundle (PEM) for client certificates; set = mTLS"});
  s.add({"metrics.address", Type::kString, "127.0.0.1:" + std::to_string(metrics_port),
         "Prometheus /metrics listen address host:port"});
  s.add({"log.level", Type::kString, "info", "debug, info, warn or error"});
  s.add({"state_dir", Type::kString, "/tmp/zt-state/" + std::string(service), "local state directory"});
  return s;
}

void add_postgres_keys(config::Schema& s) {
  s.add({"postgres.uri", Type::kString, "postgresql://zt@127.0.0.1:55432/zt",
         "PostgreSQL URI without password"});
  s.add({"postgres.password_file", Type::kString, "", "file holding the PostgreSQL password", true});
  s.add({"postgres.pool_size", Type::kInt, "4", "connections in the pool"});
  s.add({"postgres.startup_wait_ms", Type::kInt, "10000", "how long to wait for PostgreSQL at start"});
}

void add_redis_keys(config::Schema& s) {
  s.add({"redis.host", Type::kString, "127.0.0.1", "Redis host"});
  s.add({"redis.port", Type::kInt, "56379", "Redis port"});
  s.add({"redis.timeout_ms", Type::kInt, "1000", "Redis connect and command timeout"});
}

}  // namespace zt::server
