// The REST layer's one mapping from a DomainError to the HTTP answer
// {"code","message","field"} with its status.
#pragma once

#include "api_error.h"
#include "domain_error.h"

namespace zt::controlhub {

ApiError to_api_error(const DomainError& error);

}  // namespace zt::controlhub
