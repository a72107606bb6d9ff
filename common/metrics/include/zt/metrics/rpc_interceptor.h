// A gRPC server interceptor that records every RPC:
//   zt_grpc_server_handled_total{method, code}    counter
//   zt_grpc_server_handling_seconds{method}        histogram
// method is the full name ("/zt.kms.v1.Kms/GetKey"), code the grpc status
// name ("OK", "INVALID_ARGUMENT", ...). zt::server::Chassis installs it.
#pragma once

#include <memory>
#include <string>

#include <grpcpp/support/server_interceptor.h>
#include <prometheus/registry.h>

namespace zt::metrics {

struct RpcMetrics {
  prometheus::Family<prometheus::Counter>& handled;
  prometheus::Family<prometheus::Histogram>& latency;
};
RpcMetrics register_rpc_metrics(prometheus::Registry& registry);

// "OK", "CANCELLED", ... for a grpc::StatusCode value.
std::string status_code_name(int code);

// The factory holds a reference to `metrics` (which must outlive the server).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> make_rpc_metrics_interceptor_factory(
    RpcMetrics& metrics);

}  // namespace zt::metrics
