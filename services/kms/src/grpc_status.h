// DomainError -> gRPC status, once for the whole KMS API.
#pragma once

#include <grpcpp/support/status.h>

#include "domain_error.h"

namespace zt::kms {

grpc::Status to_status(const DomainError& e);

}  // namespace zt::kms
