// Runs one RPC body and maps its exception, if any, to a gRPC status:
// NOT_FOUND for unknown ids, INVALID_ARGUMENT for undecodable input,
// UNIMPLEMENTED for what the library lacks, FAILED_PRECONDITION for
// protocol violations refused by the MLS state machine.
#pragma once

#include <grpcpp/support/status.h>

#include <functional>

namespace zt::mls_interop {

grpc::Status run_rpc(const char* rpc, const std::function<void()>& body);

}  // namespace zt::mls_interop
