// Typed access to loaded values, and secret-file reading.
#include "zt/config/config.h"

#include <fstream>

#include "value_parse.h"

namespace zt::config {
namespace {
// Keys, seeds and passwords are small; a bigger file is a wrong path.
constexpr std::streamoff kMaxSecretFileBytes = 1 << 20;
}  // namespace

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

crypto::SecretBytes Config::read_secret(std::string_view key) const {
  const Value& v = value(key);
  if (!v.secret_file)
    throw ConfigError("config: " + std::string(key) + " is not a secret-file key");
  if (v.text.empty()) return {};
  return read_secret_file(v.text, key);
}

crypto::SecretBytes read_secret_file(const std::string& path, std::string_view key,
                                     TrailingNewlines newlines) {
  auto cannot = [&] {
    return ConfigError("config: " + std::string(key) + ": cannot read secret file " + path);
  };
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw cannot();
  const std::streamoff size = in.tellg();
  if (size < 0) throw cannot();
  if (size > kMaxSecretFileBytes) {
    throw ConfigError("config: " + std::string(key) + ": secret file " + path + " is larger than " +
                      std::to_string(kMaxSecretFileBytes) + " bytes");
  }
  crypto::SecretBytes raw(static_cast<size_t>(size));
  in.seekg(0);
  if (size > 0 && !in.read(reinterpret_cast<char*>(raw.reveal_mutable().data()), size)) {
    throw cannot();
  }
  if (newlines == TrailingNewlines::kKeep) return raw;
  std::string_view text = raw.reveal_text();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  if (text.size() == raw.size()) return raw;
  return crypto::SecretBytes(as_bytes(text));
}

}  // namespace zt::config
