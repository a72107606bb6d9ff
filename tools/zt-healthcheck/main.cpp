// zt-healthcheck <host:port> [service]: grpc.health.v1 Check over plaintext.
// Prints SERVING / NOT_SERVING / UNKNOWN / SERVICE_UNKNOWN (or the RPC error
// on stderr); exits 0 only if SERVING, 1 otherwise, 2 on a usage error.
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "grpc/health/v1/health.grpc.pb.h"
#include "zt/config/command_line.h"

namespace {

using zt::config::Type;

zt::config::Program program() {
  zt::config::Schema s("ZT_HEALTHCHECK_");
  s.add({.name = "address",
         .description = "the gRPC server, host:port",
         .required = true,
         .positional = true});
  s.add({.name = "service",
         .description = "the service name to ask about (empty: the server as a whole)",
         .positional = true});
  s.add({"timeout-ms", Type::kInt, "3000", "deadline of the Check call"});
  return zt::config::Program::without_subcommands(
      "zt-healthcheck",
      "asks a gRPC server's health service (grpc.health.v1 Check, plaintext) and prints SERVING, "
      "NOT_SERVING, UNKNOWN or SERVICE_UNKNOWN.",
      s,
      "Exit status: 0 if SERVING; 1 otherwise or when the call fails (error on stderr); 2 usage "
      "error.\nExample: zt-healthcheck 127.0.0.1:7004 sfu");
}

int check(const zt::config::Config& cfg) {
  const std::string address = cfg.get_string("address");
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(cfg.get_string("service"));
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(cfg.get_int("timeout-ms")));
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      std::printf("SERVICE_UNKNOWN\n");
    } else {
      std::fprintf(stderr, "zt-healthcheck: %s: %s\n", address.c_str(),
                   status.error_message().c_str());
    }
    return 1;
  }
  std::printf("%s\n",
              grpc::health::v1::HealthCheckResponse_ServingStatus_Name(response.status()).c_str());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  return zt::config::run_command_line(
      program(), argc, argv,
      [](const zt::config::Command&, const zt::config::Config& cfg) { return check(cfg); });
}
