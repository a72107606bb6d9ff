// Layering: defaults < YAML file < environment < flags.
#include <unistd.h>

#include <cstdlib>
#include <string>

#include <yaml-cpp/yaml.h>

#include "value_parse.h"
#include "zt/config/config.h"

extern char** environ;

namespace zt::config {
namespace {

constexpr std::string_view kConfigFlag = "--config=";

std::map<std::string, std::string> process_env() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string_view::npos && kv.substr(0, 3) == "ZT_") {
      env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
  }
  return env;
}

void flatten(const YAML::Node& node, const std::string& prefix, const std::string& file,
             std::map<std::string, std::string>& out) {
  if (node.IsMap()) {
    for (const auto& kv : node) {
      if (!kv.first.IsScalar()) {
        throw ConfigError("config file " + file + ": " + (prefix.empty() ? "top level" : prefix) +
                          " has a key that is not a plain name");
      }
      std::string name = kv.first.Scalar();
      flatten(kv.second, prefix.empty() ? name : prefix + "." + name, file, out);
    }
  } else if (node.IsScalar()) {
    out[prefix] = node.Scalar();
  } else if (node.IsNull()) {
    out[prefix] = "";
  } else {
    throw ConfigError("config file " + file + ": " + prefix + " must be a scalar, not a list");
  }
}

void apply_file(const Schema& schema, const std::string& file, Config& cfg) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw ConfigError("config file " + file + ": cannot be read");
  } catch (const YAML::Exception& e) {
    throw ConfigError("config file " + file + ": invalid YAML at line " + std::to_string(e.mark.line + 1));
  }
  if (root.IsNull()) return;
  if (!root.IsMap()) throw ConfigError("config file " + file + ": top level must be a mapping");
  std::map<std::string, std::string> flat;
  flatten(root, "", file, flat);
  for (const auto& [key, text] : flat) {
    if (schema.find(key) == nullptr) throw ConfigError("config file " + file + ": unknown key " + key);
    cfg.set(schema, key, text, Source::kFile);
  }
}

void check_secret_files(const Schema& schema, const Config& cfg) {
  for (const Key& k : schema.keys()) {
    if (!k.secret_file) continue;
    std::string path = cfg.get_string(k.name);
    if (!path.empty() && ::access(path.c_str(), R_OK) != 0) {
      throw ConfigError("config: " + k.name + ": cannot read secret file " + path);
    }
  }
}

}  // namespace

Config load(const Schema& schema, int argc, const char* const* argv,
            const std::optional<std::map<std::string, std::string>>& env_in) {
  const std::map<std::string, std::string> env = env_in ? *env_in : process_env();
  Config cfg;
  for (const Key& k : schema.keys()) cfg.set(schema, k.name, k.default_value, Source::kDefault);

  std::string file;
  if (auto it = env.find("ZT_CONFIG"); it != env.end()) file = it->second;
  std::vector<std::pair<std::string, std::string>> flags;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg(argv[i]);
    if (arg.substr(0, kConfigFlag.size()) == kConfigFlag) {
      file = std::string(arg.substr(kConfigFlag.size()));
      continue;
    }
    if (arg.substr(0, 2) != "--") throw ConfigError("config: unexpected argument " + std::string(arg));
    auto eq = arg.find('=');
    if (eq == std::string_view::npos) {
      throw ConfigError("config: flag " + std::string(arg) + " needs a value (--key=value)");
    }
    std::string key(arg.substr(2, eq - 2));
    if (schema.find(key) == nullptr) throw ConfigError("config: unknown flag --" + key);
    flags.emplace_back(key, std::string(arg.substr(eq + 1)));
  }
  if (!file.empty()) apply_file(schema, file, cfg);
  for (const Key& k : schema.keys()) {
    if (auto it = env.find(env_name(k.name)); it != env.end()) {
      try {
        cfg.set(schema, k.name, it->second, Source::kEnvironment);
      } catch (const ConfigError& e) {
        throw ConfigError(std::string(e.what()) + " (from " + env_name(k.name) + ")");
      }
    }
  }
  for (const auto& [key, text] : flags) cfg.set(schema, key, text, Source::kFlag);
  check_secret_files(schema, cfg);
  return cfg;
}

std::string help_text(const Schema& schema) {
  std::string out = "Configuration (flag --key=value > env > --config=<yaml> > default):\n";
  for (const Key& k : schema.keys()) {
    out += "  --" + k.name + " (" + env_name(k.name) + ", " + type_name(k.type) + ")";
    out += k.default_value.empty() ? "" : " default " + k.default_value;
    out += k.secret_file ? " [file holding a secret]" : "";
    out += "\n      " + k.description + "\n";
  }
  return out;
}

}  // namespace zt::config
