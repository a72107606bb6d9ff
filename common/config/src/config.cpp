// Typed access to loaded values, and secret-file reading.
#include "zt/config/config.h"

#include <fstream>
#include <sstream>

#include "value_parse.h"

namespace zt::config {

const Config::Value& Config::value(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw ConfigError("config: no such key " + std::string(key));
  return it->second;
}

void Config::set(const Schema& schema, std::string_view key, std::string_view text, Source source) {
  const Key* k = schema.find(key);
  if (k == nullptr) throw ConfigError("config: unknown key " + std::string(key));
  // A key without a default starts empty whatever its type (required keys
  // must then be given; see load()).
  bool unset_default = source == Source::kDefault && text.empty();
  if (!unset_default && !valid_value(k->type, text)) {
    const std::string article = k->type == Type::kInt ? "an " : "a ";
    throw ConfigError("config: " + std::string(key) + " must be " + article + type_name(k->type) +
                      ", got \"" + (k->secret_file ? std::string("...") : std::string(text)) +
                      "\"");
  }
  values_[k->name] = Value{std::string(text), k->type, k->secret_file, source};
}

std::string Config::get_string(std::string_view key) const { return value(key).text; }

int64_t Config::get_int(std::string_view key) const {
  const Value& v = value(key);
  auto n = parse_int(v.text);
  if (!n) throw ConfigError("config: " + std::string(key) + " is not an integer");
  return *n;
}

bool Config::get_bool(std::string_view key) const {
  auto b = parse_bool(value(key).text);
  if (!b) throw ConfigError("config: " + std::string(key) + " is not a boolean");
  return *b;
}

double Config::get_double(std::string_view key) const {
  auto d = parse_double(value(key).text);
  if (!d) throw ConfigError("config: " + std::string(key) + " is not a number");
  return *d;
}

Source Config::source(std::string_view key) const { return value(key).source; }

std::string Config::read_secret(std::string_view key) const {
  const Value& v = value(key);
  if (!v.secret_file)
    throw ConfigError("config: " + std::string(key) + " is not a secret-file key");
  if (v.text.empty()) return {};
  return read_secret_file(v.text, key);
}

std::string read_secret_file(const std::string& path, std::string_view key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("config: " + std::string(key) + ": cannot read secret file " + path);
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string s = buf.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace zt::config
