// Server bootstrap: credentials, channel args, interceptors, health, drain.
#include "zt/server/grpc_server.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>

#include "request_id_interceptor.h"
#include "zt/log/log.h"
#include "zt/metrics/rpc_interceptor.h"

namespace zt::server {

struct InterceptorState {
  std::optional<metrics::RpcMetrics> rpc_metrics;
  std::vector<std::pair<std::string, bool>> pending_health;
};

namespace {

std::string read_pem(const std::string& key, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config::ConfigError("config: " + key + ": cannot read file " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::shared_ptr<grpc::ServerCredentials> credentials(const GrpcServerOptions& o) {
  if (o.tls_cert_file.empty() && o.tls_key_file.empty()) return grpc::InsecureServerCredentials();
  if (o.tls_cert_file.empty() || o.tls_key_file.empty()) {
    throw config::ConfigError("config: tls.cert_file and tls.key_file must be set together");
  }
  grpc::SslServerCredentialsOptions ssl(o.tls_client_ca_file.empty()
                                            ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                            : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  pair.private_key = read_pem("tls.key_file", o.tls_key_file);
  pair.cert_chain = read_pem("tls.cert_file", o.tls_cert_file);
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!o.tls_client_ca_file.empty()) ssl.pem_root_certs = read_pem("tls.client_ca_file", o.tls_client_ca_file);
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

GrpcServerOptions GrpcServerOptions::from_config(const config::Config& c) {
  GrpcServerOptions o;
  o.address = c.get_string("grpc.address");
  o.max_message_bytes = static_cast<int>(c.get_int("grpc.max_message_bytes"));
  o.keepalive_time_ms = static_cast<int>(c.get_int("grpc.keepalive_time_ms"));
  o.keepalive_timeout_ms = static_cast<int>(c.get_int("grpc.keepalive_timeout_ms"));
  o.drain_timeout = std::chrono::milliseconds(c.get_int("grpc.drain_timeout_ms"));
  o.tls_cert_file = c.get_string("tls.cert_file");
  o.tls_key_file = c.get_string("tls.key_file");
  o.tls_client_ca_file = c.get_string("tls.client_ca_file");
  credentials(o);  // fail at load time on unreadable or half-set TLS files
  return o;
}

GrpcServer::GrpcServer(GrpcServerOptions options, std::shared_ptr<prometheus::Registry> registry)
    : options_(std::move(options)), registry_(std::move(registry)), interceptors_(std::make_unique<InterceptorState>()) {
  if (registry_) interceptors_->rpc_metrics.emplace(metrics::register_rpc_metrics(*registry_));
}

GrpcServer::~GrpcServer() { shutdown(); }

void GrpcServer::add_service(grpc::Service* service) { services_.push_back(service); }

void GrpcServer::start() {
  if (server_) throw std::logic_error("GrpcServer::start called twice");
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.address, credentials(options_), &port_);
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, options_.keepalive_time_ms);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, options_.keepalive_timeout_ms);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 5000);
  for (grpc::Service* s : services_) builder.RegisterService(s);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(make_request_id_interceptor_factory());
  if (interceptors_->rpc_metrics) {
    factories.push_back(metrics::make_rpc_metrics_interceptor_factory(*interceptors_->rpc_metrics));
  }
  builder.experimental().SetInterceptorCreators(std::move(factories));
  server_ = builder.BuildAndStart();
  if (!server_ || port_ == 0) {
    server_.reset();
    throw std::runtime_error("grpc: cannot listen on " + options_.address);
  }
  set_serving("", true);
  for (const auto& [name, serving] : interceptors_->pending_health) set_serving(name, serving);
  interceptors_->pending_health.clear();
}

void GrpcServer::set_serving(const std::string& service_name, bool serving) {
  if (!server_) {
    interceptors_->pending_health.emplace_back(service_name, serving);
    return;
  }
  if (auto* health = server_->GetHealthCheckService()) health->SetServingStatus(service_name, serving);
}

void GrpcServer::set_not_serving() {
  if (!server_) return;
  if (auto* health = server_->GetHealthCheckService()) health->SetServingStatus(false);
}

void GrpcServer::shutdown() {
  if (!server_ || shut_down_) return;
  shut_down_ = true;
  set_not_serving();
  server_->Shutdown(std::chrono::system_clock::now() + options_.drain_timeout);
  server_->Wait();
}

void GrpcServer::wait() {
  if (server_) server_->Wait();
}

}  // namespace zt::server
