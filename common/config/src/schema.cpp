// Schema declaration and the key <-> environment-name mapping.
#include <cctype>
#include <stdexcept>

#include "value_parse.h"
#include "zt/config/config.h"

namespace zt::config {

Schema& Schema::add(Key key) {
  if (find(key.name) != nullptr) {
    throw std::logic_error("config schema: duplicate key " + key.name);
  }
  if (key.secret_file && (key.name.size() < 5 || key.name.substr(key.name.size() - 5) != "_file")) {
    throw std::logic_error("config schema: secret key " + key.name + " must end in _file");
  }
  if (!key.default_value.empty() && !valid_value(key.type, key.default_value)) {
    throw std::logic_error("config schema: default of " + key.name + " is not a " + type_name(key.type));
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

std::string env_name(std::string_view key) {
  std::string out = "ZT_";
  for (char c : key) {
    out.push_back(c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace zt::config
