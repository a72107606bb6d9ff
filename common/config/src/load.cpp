// Layering: defaults < YAML file < environment < flags.
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "value_parse.h"
#include "zt/config/config.h"

extern char** environ;

namespace zt::config {
namespace {

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
  // yaml-cpp leaks when reading a directory fails half way: refuse it first.
  std::error_code ec;
  if (std::filesystem::exists(file, ec) && !std::filesystem::is_regular_file(file, ec)) {
    throw ConfigError("config file " + file + ": cannot be read (not a regular file)");
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw ConfigError("config file " + file + ": cannot be read");
  } catch (const YAML::Exception& e) {
    throw ConfigError("config file " + file + ": invalid YAML at line " +
                      std::to_string(e.mark.line + 1));
  } catch (const std::exception&) {  // a directory, an I/O error while reading
    throw ConfigError("config file " + file + ": cannot be read");
  }
  if (root.IsNull()) return;
  if (!root.IsMap()) throw ConfigError("config file " + file + ": top level must be a mapping");
  std::map<std::string, std::string> flat;
  flatten(root, "", file, flat);
  for (const auto& [key, text] : flat) {
    if (schema.find(key) == nullptr)
      throw ConfigError("config file " + file + ": unknown key " + key);
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

// The flags and positional arguments of argv[1..], in order, and the YAML
// file named by --config (empty if none).
struct Arguments {
  std::vector<std::pair<std::string, std::string>> values;
  std::string config_file;
};

bool is_flag(std::string_view arg) { return arg.size() > 1 && arg[0] == '-'; }

Arguments parse_arguments(const Schema& schema, int argc, const char* const* argv) {
  Arguments out;
  std::vector<const Key*> positionals;
  for (const Key& k : schema.keys()) {
    if (k.positional) positionals.push_back(&k);
  }
  size_t next_positional = 0;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg(argv[i]);
    if (!is_flag(arg)) {
      if (next_positional == positionals.size())
        throw ConfigError("unexpected argument " + std::string(arg));
      out.values.emplace_back(positionals[next_positional++]->name, std::string(arg));
      continue;
    }
    if (arg.substr(0, 2) != "--") throw ConfigError("unknown flag " + std::string(arg));
    auto eq = arg.find('=');
    std::string name(arg.substr(2, eq == std::string_view::npos ? std::string_view::npos : eq - 2));
    if (name != "config" && schema.find(name) == nullptr)
      throw ConfigError("unknown flag --" + name);
    std::string value;
    if (eq != std::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
    } else if (i + 1 < argc && !std::string_view(argv[i + 1]).starts_with("--")) {
      value = argv[++i];
    } else {
      throw ConfigError("missing value for --" + name);
    }
    if (name == "config") {
      out.config_file = value;
    } else {
      out.values.emplace_back(name, value);
    }
  }
  return out;
}

void check_required(const Schema& schema, const Config& cfg) {
  for (const Key& k : schema.keys()) {
    if (k.required && cfg.get_string(k.name).empty()) {
      throw ConfigError(k.positional ? "missing <" + k.name + ">" : "missing --" + k.name);
    }
  }
}

}  // namespace

Config load(const Schema& schema, int argc, const char* const* argv,
            const std::optional<std::map<std::string, std::string>>& env_in) {
  const std::map<std::string, std::string> env = env_in ? *env_in : process_env();
  Config cfg;
  for (const Key& k : schema.keys()) cfg.set(schema, k.name, k.default_value, Source::kDefault);

  Arguments args = parse_arguments(schema, argc, argv);
  std::string file = args.config_file;
  if (auto it = env.find(schema.env_prefix() + "CONFIG"); file.empty() && it != env.end())
    file = it->second;
  if (!file.empty()) apply_file(schema, file, cfg);
  for (const Key& k : schema.keys()) {
    if (auto it = env.find(schema.env_name(k.name)); it != env.end()) {
      try {
        cfg.set(schema, k.name, it->second, Source::kEnvironment);
      } catch (const ConfigError& e) {
        throw ConfigError(std::string(e.what()) + " (from " + schema.env_name(k.name) + ")");
      }
    }
  }
  for (const auto& [key, text] : args.values) {
    try {
      cfg.set(schema, key, text, Source::kFlag);
    } catch (const ConfigError& e) {
      const Key* k = schema.find(key);
      throw ConfigError(std::string(e.what()) +
                        (k->positional ? " (from <" + key + ">)" : " (from --" + key + ")"));
    }
  }
  check_required(schema, cfg);
  check_secret_files(schema, cfg);
  return cfg;
}

}  // namespace zt::config
