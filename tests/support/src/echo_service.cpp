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

}  // namespace zt::testing
