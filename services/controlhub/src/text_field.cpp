#include "text_field.h"

#include "api_error.h"
#include "zt/base/utf8.h"

namespace zt::controlhub {

std::optional<std::string> text_problem(std::string_view text, size_t max_chars) {
  auto chars = utf8_length(text);
  if (!chars) return "is not valid UTF-8";
  if (text.find('\0') != std::string_view::npos) return "must not contain NUL";
  if (*chars > max_chars)
    return "is too long (at most " + std::to_string(max_chars) + " characters)";
  return std::nullopt;
}

void require_text(std::string_view text, const std::string& field, size_t max_chars) {
  if (auto problem = text_problem(text, max_chars))
    throw ApiError::bad_request(field + " " + *problem, field);
}

}  // namespace zt::controlhub
