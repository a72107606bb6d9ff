// UTF-8 checked one way everywhere: valid means shortest form, no UTF-16
// surrogates, no code point past U+10FFFF (RFC 3629).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "zt/base/bytes.h"

namespace zt {

// The number of code points of `text`, or nullopt when it is not valid UTF-8.
std::optional<size_t> utf8_length(std::string_view text);

// Valid UTF-8 with no NUL byte: text that can go to JSON, SQL and logs as is.
bool is_clean_utf8(std::string_view text);
bool is_clean_utf8(BytesView text);

}  // namespace zt
