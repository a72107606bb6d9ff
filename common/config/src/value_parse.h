// Parsing and checking of textual config values by type.
#pragma once

#include "zt/base/number.h"  // parse_int

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "zt/config/config.h"

namespace zt::config {

const char* type_name(Type type);
std::optional<bool> parse_bool(std::string_view text);
std::optional<double> parse_double(std::string_view text);
bool valid_value(Type type, std::string_view text);

}  // namespace zt::config
