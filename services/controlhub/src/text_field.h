// Strings from the wire, checked before they reach storage, SQL or a log:
// valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF),
// no NUL (libpq would cut the string there), and a length in characters.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace zt::controlhub {

// Why `text` is refused, or nullopt when it is acceptable.
std::optional<std::string> text_problem(std::string_view text, size_t max_chars);

// Throws ApiError 400 naming `field` when text_problem() finds one.
void require_text(std::string_view text, const std::string& field, size_t max_chars);

}  // namespace zt::controlhub
