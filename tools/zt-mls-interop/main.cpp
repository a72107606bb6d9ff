// zt-mls-interop --port P: the MLS interop harness server on 127.0.0.1:P
// (P = 0: a free port, printed as "listening on 127.0.0.1:<port>").
#include <grpcpp/server_builder.h>

#include <cstdio>
#include <string>

#include "mls_client_service.h"
#include "zt/config/command_line.h"

namespace {

zt::config::Program program() {
  zt::config::Schema s("ZT_MLS_INTEROP_");
  s.add({.name = "port",
         .type = zt::config::Type::kInt,
         .description = "TCP port on 127.0.0.1 (0: any free port)",
         .required = true});
  return zt::config::Program::without_subcommands(
      "zt-mls-interop",
      "the MLS interop harness: serves the public interop test runner's MlsClient gRPC API "
      "(plaintext, loopback) over zt's MLS library.",
      s,
      "Prints \"listening on 127.0.0.1:<port>\" once serving; runs until killed.\n"
      "Exit status: 1 if the port cannot be bound; 2 usage error.");
}

int serve(int port) {
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

}  // namespace

int main(int argc, char** argv) {
  return zt::config::run_command_line(
      program(), argc, argv, [](const zt::config::Command&, const zt::config::Config& cfg) {
        int64_t port = cfg.get_int("port");
        if (port < 0 || port > 65535) {
          throw zt::config::ConfigError("--port must be 0..65535; see 'zt-mls-interop --help'");
        }
        return serve(static_cast<int>(port));
      });
}
