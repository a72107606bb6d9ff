#include "value_parse.h"

#include <charconv>
#include <cstdlib>
#include <string>

namespace zt::config {

const char* type_name(Type type) {
  switch (type) {
    case Type::kString:
      return "string";
    case Type::kInt:
      return "integer";
    case Type::kBool:
      return "boolean";
    case Type::kDouble:
      return "number";
  }
  return "?";
}

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return std::nullopt;
}

std::optional<double> parse_double(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string s(text);
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

bool valid_value(Type type, std::string_view text) {
  switch (type) {
    case Type::kString:
      return true;
    case Type::kInt:
      return parse_int(text).has_value();
    case Type::kBool:
      return parse_bool(text).has_value();
    case Type::kDouble:
      return parse_double(text).has_value();
  }
  return false;
}

}  // namespace zt::config
