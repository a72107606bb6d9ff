// zt-mls-interop --port P: the MLS interop harness server on 127.0.0.1:P
// (P = 0: a free port, printed as "listening on 127.0.0.1:<port>").
#include <grpcpp/server_builder.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "mls_client_service.h"

int main(int argc, char** argv) {
  int port = -1;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--port") port = std::atoi(argv[i + 1]);
  }
  if (port < 0 || port > 65535) {
    std::fprintf(stderr, "usage: zt-mls-interop --port P\n");
    return 2;
  }
  zt::mls_interop::MlsClientService service;
  grpc::ServerBuilder builder;
  int chosen = 0;
  builder.AddListeningPort("127.0.0.1:" + std::to_string(port), grpc::InsecureServerCredentials(),
                           &chosen);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || chosen == 0) {
    std::fprintf(stderr, "zt-mls-interop: cannot listen on 127.0.0.1:%d\n", port);
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d\n", chosen);
  std::fflush(stdout);
  server->Wait();
  return 0;
}
