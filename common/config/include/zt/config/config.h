// Service configuration: flags > environment (ZT_*) > YAML file > defaults.
//
// A service declares its schema (key, type, default, description, whether
// the value names a secret file) and loads it once at start:
//
//   zt::config::Schema schema = zt::server::chassis_schema("kms", 7002, 9102);
//   schema.add({"kms.master_key_file", zt::config::Type::kString, "",
//               "file holding the 32-byte master key", /*secret_file=*/true});
//   zt::config::Config cfg = zt::config::load(schema, argc, argv);  // throws ConfigError
//   std::string addr = cfg.get_string("grpc.address");
//   crypto::SecretBytes kek = cfg.read_secret("kms.master_key_file");
//
// One key, three spellings: YAML `grpc: {address: x}` == env `ZT_GRPC_ADDRESS=x`
// == flag `--grpc.address=x` (or `--grpc.address x`). The YAML file comes from
// `--config=<file>` or ZT_CONFIG. Unknown keys (YAML, flags) and values of the
// wrong type are errors; environment variables that match no key are ignored
// (ZT_TEST_* and friends live there). Secrets never appear inline: a key
// flagged `secret_file` holds a path, checked to be readable at load time; the
// value is read with read_secret() and must never be logged.
//
// Tools name their keys with dashes (`grant-seed-file`) and give their schema
// an environment prefix (Schema("ZT_LOADGEN_") -> ZT_LOADGEN_GRANT_SEED_FILE,
// file from ZT_LOADGEN_CONFIG). A key may be `required` and may be
// `positional` (filled from bare arguments in schema order, still settable by
// flag and environment). Subcommands, --help and --version: command_line.h.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "zt/crypto/secret_bytes.h"

namespace zt::config {

enum class Type { kString, kInt, kBool, kDouble };

struct Key {
  std::string name;  // lower case, dotted or dashed: "grpc.address", "grant-seed-file"
  Type type = Type::kString;
  std::string default_value;  // in the textual form a flag would take
  std::string description;
  bool secret_file = false;  // the value is a path to a file holding a secret
  bool required = false;     // load() fails while the value is empty
  bool positional = false;   // also taken from a bare argument, in schema order
};

// Every error names the key or the file it is about; never a secret value.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Schema {
 public:
  Schema() : Schema("ZT_") {}
  // `env_prefix` starts every environment name (must start with "ZT_").
  explicit Schema(std::string env_prefix);

  // Throws std::logic_error on a duplicate or badly spelled key, a default of
  // the wrong type, or a secret key whose name does not end in _file/-file.
  Schema& add(Key key);
  const Key* find(std::string_view name) const;
  const std::vector<Key>& keys() const { return keys_; }
  const std::string& env_prefix() const { return env_prefix_; }
  // The environment variable for a key of this schema.
  std::string env_name(std::string_view key) const;

 private:
  std::string env_prefix_;
  std::vector<Key> keys_;
};

// The environment variable for a key: "grpc.address" -> "ZT_GRPC_ADDRESS",
// ("grant-seed-file", "ZT_LOADGEN_") -> "ZT_LOADGEN_GRANT_SEED_FILE".
std::string env_name(std::string_view key, std::string_view prefix = "ZT_");

// Where a value came from, for `--help` and diagnostics.
enum class Source { kDefault, kFile, kEnvironment, kFlag };

class Config {
 public:
  Config() = default;

  std::string get_string(std::string_view key) const;
  int64_t get_int(std::string_view key) const;
  bool get_bool(std::string_view key) const;
  double get_double(std::string_view key) const;
  Source source(std::string_view key) const;

  // Reads the file a secret_file key names (empty key value -> empty).
  // Throws ConfigError naming the key and the file, never the contents.
  crypto::SecretBytes read_secret(std::string_view key) const;

  // For tests and layered callers: set a value as if it came from `source`.
  void set(const Schema& schema, std::string_view key, std::string_view value, Source source);

 private:
  struct Value {
    std::string text;
    Type type = Type::kString;
    bool secret_file = false;
    Source source = Source::kDefault;
  };
  const Value& value(std::string_view key) const;
  std::map<std::string, Value, std::less<>> values_;
};

// Reads a file that holds a secret straight into secret memory, trailing
// newlines removed (kKeep: every byte, for files whose exact bytes a key was
// derived from). Throws ConfigError naming `key` (what the file is for) and
// the path, never the contents.
enum class TrailingNewlines { kRemove, kKeep };
crypto::SecretBytes read_secret_file(const std::string& path, std::string_view key,
                                     TrailingNewlines newlines = TrailingNewlines::kRemove);

// Loads `schema` from (in rising precedence) defaults, the YAML file named by
// --config=<file> or <prefix>CONFIG, <prefix>* environment variables, then
// argv[1..]: `--key=value` or `--key value` flags and positional arguments.
// `env` defaults to the process environment (pass one explicitly in tests).
// Throws ConfigError naming the flag, key or file. `--help` is not handled
// here (see command_line.h).
Config load(const Schema& schema, int argc, const char* const* argv,
            const std::optional<std::map<std::string, std::string>>& env = std::nullopt);

// Human-readable list of keys: flag, environment name, type, default,
// description, and whether it is required or names a secret file.
std::string help_text(const Schema& schema);

}  // namespace zt::config
