// The token of an `Authorization: Bearer <token>` value (RFC 6750 section
// 2.1), for HTTP headers and gRPC metadata alike: the scheme compared without
// regard to case, one space, then a non-empty token with no space in it.
#pragma once

#include <optional>
#include <string_view>

namespace zt::auth {

// The token (a view into `authorization`), or nullopt if the value is not a
// bearer credential.
std::optional<std::string_view> bearer_token(std::string_view authorization);

}  // namespace zt::auth
