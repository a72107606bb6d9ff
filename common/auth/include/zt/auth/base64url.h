// base64url without padding (RFC 4648 section 5), as JOSE uses it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "zt/base/bytes.h"

namespace zt::auth {

std::string base64url_encode(BytesView data);

// nullopt on a character outside the alphabet, on padding, or on a length
// that no encoding produces.
std::optional<Bytes> base64url_decode(std::string_view text);

}  // namespace zt::auth
