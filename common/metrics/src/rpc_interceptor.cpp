// Counts and times every RPC by method and status code.
#include "zt/metrics/rpc_interceptor.h"

#include <array>
#include <chrono>

#include "zt/metrics/metrics.h"

namespace zt::metrics {
namespace {

using grpc::experimental::InterceptionHookPoints;

class RpcMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(RpcMetrics& metrics, std::string method)
      : metrics_(metrics), method_(std::move(method)), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      code_ = static_cast<int>(methods->GetSendStatus().error_code());
      status_seen_ = true;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_CLOSE)) {
      record();
    }
    methods->Proceed();
  }

  ~RpcMetricsInterceptor() override { record(); }

 private:
  void record() {
    if (recorded_) return;
    recorded_ = true;
    const int code = status_seen_ ? code_ : static_cast<int>(grpc::StatusCode::CANCELLED);
    metrics_.handled.Add({{"method", method_}, {"code", status_code_name(code)}}).Increment();
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
    metrics_.latency.Add({{"method", method_}}, latency_buckets()).Observe(elapsed.count());
  }

  RpcMetrics& metrics_;
  std::string method_;
  std::chrono::steady_clock::time_point start_;
  int code_ = 0;
  bool status_seen_ = false;
  bool recorded_ = false;
};

class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(RpcMetrics& metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override {
    return new RpcMetricsInterceptor(metrics_, info->method() != nullptr ? info->method() : "unknown");
  }

 private:
  RpcMetrics& metrics_;
};

}  // namespace

RpcMetrics register_rpc_metrics(prometheus::Registry& registry) {
  return RpcMetrics{
      counter_family(registry, "zt_grpc_server_handled_total", "RPCs completed, by method and status code"),
      histogram_family(registry, "zt_grpc_server_handling_seconds", "RPC latency, seconds, by method"),
  };
}

std::string status_code_name(int code) {
  static constexpr std::array<const char*, 17> kNames = {
      "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
      "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
      "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};
  if (code >= 0 && code < static_cast<int>(kNames.size())) return kNames[static_cast<size_t>(code)];
  return "UNKNOWN";
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> make_rpc_metrics_interceptor_factory(
    RpcMetrics& metrics) {
  return std::make_unique<Factory>(metrics);
}

}  // namespace zt::metrics
