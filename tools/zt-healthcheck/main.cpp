// zt-healthcheck <host:port> [service]: grpc.health.v1 Check over plaintext.
// Prints SERVING / NOT_SERVING / UNKNOWN / SERVICE_UNKNOWN (or the RPC error
// on stderr); exits 0 only if SERVING.
#include <chrono>
#include <cstdio>
#include <string>

#include <grpcpp/grpcpp.h>

#include "grpc/health/v1/health.grpc.pb.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: zt-healthcheck <host:port> [service]\n");
    return 2;
  }
  auto channel = grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest request;
  if (argc == 3) request.set_service(argv[2]);
  grpc::health::v1::HealthCheckResponse response;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  grpc::Status status = stub->Check(&context, request, &response);
  if (!status.ok()) {
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
      std::printf("SERVICE_UNKNOWN\n");
    } else {
      std::fprintf(stderr, "zt-healthcheck: %s: %s\n", argv[1], status.error_message().c_str());
    }
    return 1;
  }
  std::printf("%s\n", grpc::health::v1::HealthCheckResponse_ServingStatus_Name(response.status()).c_str());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING ? 0 : 1;
}
