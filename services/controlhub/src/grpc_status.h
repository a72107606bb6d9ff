// The gRPC layer's one mapping from a DomainError to a status.
#pragma once

#include <grpcpp/support/status.h>

#include "domain_error.h"

namespace zt::controlhub {

grpc::Status to_status(const DomainError& error);

}  // namespace zt::controlhub
