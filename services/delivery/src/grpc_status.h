// The gRPC layer's one mapping from a DeliveryError to a status.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include "delivery_error.h"

namespace zt::delivery {

inline constexpr char kCurrentEpochTrailer[] = "zt-current-epoch";

// The status for `error`; an epoch mismatch also sets the
// "zt-current-epoch" trailer on `ctx` (when given).
grpc::Status to_status(const DeliveryError& error, grpc::ServerContextBase* ctx = nullptr);

}  // namespace zt::delivery
