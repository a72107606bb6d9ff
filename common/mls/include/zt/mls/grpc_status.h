// The one mapping of the MLS library's errors to gRPC statuses, for every
// service and tool that serves MLS over gRPC (library zt_mls_grpc):
// EpochMismatch -> ABORTED (a lost epoch race: fetch and retry, DESIGN.md),
// a client state that does not open -> INVALID_ARGUMENT, every other rule
// the input broke -> FAILED_PRECONDITION. The message is "<context>: " and
// the error's what(), which names the rule, never a key or a plaintext.
// Anything that is not a zt::mls::Error is the caller's to map (as
// INTERNAL, without its what()).
#pragma once

#include <grpcpp/support/status.h>

#include <string_view>

#include "zt/mls/error.h"

namespace zt::mls {

grpc::StatusCode grpc_code(ErrorCategory category);
grpc::Status to_grpc_status(const Error& error, std::string_view context);

}  // namespace zt::mls
