// Schema declaration and the key <-> environment-name mapping.
#include <cctype>
#include <stdexcept>

#include "value_parse.h"
#include "zt/config/config.h"

namespace zt::config {
namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

bool well_spelled(std::string_view name) {
  if (name.empty() || !std::islower(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name) {
    bool ok = std::islower(static_cast<unsigned char>(c)) ||
              std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return name != "config" && name != "help" && name != "help-json" && name != "version";
}

}  // namespace

Schema::Schema(std::string env_prefix) : env_prefix_(std::move(env_prefix)) {
  if (env_prefix_.substr(0, 3) != "ZT_") {
    throw std::logic_error("config schema: environment prefix " + env_prefix_ +
                           " must start with ZT_");
  }
}

Schema& Schema::add(Key key) {
  if (!well_spelled(key.name)) {
    throw std::logic_error(
        "config schema: key \"" + key.name +
        "\" must be lower case letters, digits, '.', '_' or '-' (and not a reserved flag)");
  }
  if (find(key.name) != nullptr) {
    throw std::logic_error("config schema: duplicate key " + key.name);
  }
  if (key.secret_file && !ends_with(key.name, "_file") && !ends_with(key.name, "-file")) {
    throw std::logic_error("config schema: secret key " + key.name + " must end in _file");
  }
  if (!key.default_value.empty() && !valid_value(key.type, key.default_value)) {
    throw std::logic_error("config schema: default of " + key.name + " is not a " +
                           type_name(key.type));
  }
  keys_.push_back(std::move(key));
  return *this;
}

const Key* Schema::find(std::string_view name) const {
  for (const Key& k : keys_) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::string Schema::env_name(std::string_view key) const {
  return config::env_name(key, env_prefix_);
}

std::string env_name(std::string_view key, std::string_view prefix) {
  std::string out(prefix);
  for (char c : key) {
    out.push_back(c == '.' || c == '-'
                      ? '_'
                      : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace zt::config
