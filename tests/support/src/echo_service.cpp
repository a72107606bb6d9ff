#include "zt/testing/echo_service.h"

#include <chrono>
#include <thread>

#include "zt/log/log.h"
#include "zt/server/grpc_server.h"

namespace zt::testing {

grpc::Status EchoService::Echo(grpc::ServerContext* context, const v1::EchoRequest* request,
                               v1::EchoResponse* response) {
  log::RequestIdScope rid(server::request_id(*context));
  response->set_message(request->message());
  response->set_request_id(std::string(log::current_request_id()));
  return grpc::Status::OK;
}

grpc::Status EchoService::Fail(grpc::ServerContext*, const v1::EchoRequest* request, v1::EchoResponse*) {
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                      request->message().empty() ? "message is empty" : "Fail always fails");
}

grpc::Status EchoService::Sleep(grpc::ServerContext* context, const v1::SleepRequest* request,
                                v1::SleepResponse* response) {
  log::RequestIdScope rid(server::request_id(*context));
  log::info("sleep started", {log::field("milliseconds", request->milliseconds())});
  std::this_thread::sleep_for(std::chrono::milliseconds(request->milliseconds()));
  response->set_slept_milliseconds(request->milliseconds());
  return grpc::Status::OK;
}

grpc::Status EchoService::Watch(grpc::ServerContext* context, const v1::WatchRequest*,
                                grpc::ServerWriter<v1::WatchEvent>* writer) {
  v1::WatchEvent first;
  first.set_sequence(1);
  if (!writer->Write(first)) return grpc::Status::OK;
  log::info("watch started");
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopped_) {
    if (context->IsCancelled()) return grpc::Status::CANCELLED;
    cv_.wait_for(lock, std::chrono::milliseconds(100));
  }
  return {grpc::StatusCode::UNAVAILABLE, "server is shutting down: reconnect to another replica"};
}

void EchoService::stop() {
  std::lock_guard<std::mutex> g(mu_);
  stopped_ = true;
  cv_.notify_all();
}

}  // namespace zt::testing
