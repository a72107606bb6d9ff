// Gives every RPC a request id (the caller's x-request-id or a new one),
// echoes it in the response metadata and writes one access-log line per RPC.
#pragma once

#include <memory>

#include <grpcpp/support/server_interceptor.h>

namespace zt::server {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> make_request_id_interceptor_factory();

}  // namespace zt::server
