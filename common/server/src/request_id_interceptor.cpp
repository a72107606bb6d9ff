#include "request_id_interceptor.h"

#include <chrono>
#include <string>

#include "zt/log/log.h"
#include "zt/metrics/rpc_interceptor.h"
#include "zt/server/grpc_server.h"

namespace zt::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr std::string_view kHealthPrefix = "/grpc.health.v1.";
constexpr size_t kMaxRequestIdLength = 128;

class RequestIdInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RequestIdInterceptor(std::string method)
      : method_(std::move(method)), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      adopt_or_generate(*methods->GetRecvInitialMetadata());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA) &&
        !id_.empty()) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      log_access(static_cast<int>(methods->GetSendStatus().error_code()));
    }
    methods->Proceed();
  }

 private:
  void adopt_or_generate(std::multimap<grpc::string_ref, grpc::string_ref>& md) {
    auto it = md.find(kRequestIdHeader);
    if (it != md.end() && it->second.size() > 0 && it->second.size() <= kMaxRequestIdLength) {
      id_.assign(it->second.data(), it->second.size());
      return;
    }
    if (it != md.end()) md.erase(it);  // empty or oversized: replace it
    id_ = log::new_request_id();
    md.emplace(grpc::string_ref(kRequestIdHeader), grpc::string_ref(id_));
  }

  void log_access(int code) {
    std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start_;
    const log::Level level = std::string_view(method_).substr(0, kHealthPrefix.size()) == kHealthPrefix
                                 ? log::Level::kDebug
                                 : log::Level::kInfo;
    log::write(level, "rpc",
               {log::field("method", method_), log::field("code", metrics::status_code_name(code)),
                log::field("duration_ms", ms.count()), log::field("request_id", id_)});
  }

  std::string method_;
  std::chrono::steady_clock::time_point start_;
  std::string id_;
};

class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(grpc::experimental::ServerRpcInfo* info) override {
    return new RequestIdInterceptor(info->method() != nullptr ? info->method() : "unknown");
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> make_request_id_interceptor_factory() {
  return std::make_unique<Factory>();
}

std::string request_id(const grpc::ServerContext& context) {
  const auto& md = context.client_metadata();
  auto it = md.find(kRequestIdHeader);
  return it == md.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

}  // namespace zt::server
