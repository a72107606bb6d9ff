// Strict JSON request bodies: a body is an object whose fields are all
// known, of the declared type, and present when required. Every failure is
// an ApiError 400 naming the field.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zt::controlhub {

enum class FieldType { kBool, kString, kInteger };

struct FieldSpec {
  std::string name;
  FieldType type;
  bool required = true;
  std::vector<std::string> allowed;  // for strings: the enum values, if any
  size_t max_length = 1024;          // in characters; strings are also checked for UTF-8 and NUL
};

// Parses `body` and checks it against `fields`; throws ApiError.
nlohmann::json parse_body(std::string_view body, const std::vector<FieldSpec>& fields);

// A path or query value that must be a UUID; throws ApiError 404 (the
// resource cannot exist) naming `what`.
std::string require_uuid(std::string_view value, std::string_view what);
bool is_uuid(std::string_view value);

}  // namespace zt::controlhub
