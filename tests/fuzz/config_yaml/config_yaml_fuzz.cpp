// Fuzzes loading a service configuration from a YAML file against a small
// schema with every value type and a secret-file key. Input: the YAML text
// (written to a private temporary file, since load() reads --config=<file>).
//
// Properties: load() either throws ConfigError or returns a Config in which
// every key reads back with its declared type; nothing else escapes.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "zt/config/config.h"

namespace {

using namespace zt::config;

const Schema& schema() {
  static const Schema kSchema = [] {
    Schema s;
    s.add({"grpc.address", Type::kString, "127.0.0.1:7000", "gRPC listen address"});
    s.add({"grpc.max_streams", Type::kInt, "100", "concurrent streams"});
    s.add({"metrics.enabled", Type::kBool, "true", "serve /metrics"});
    s.add({"media.loss_ratio", Type::kDouble, "0.5", "tolerated loss"});
    s.add({"kms.master_key_file", Type::kString, "", "file holding the master key", true});
    s.add({"name", Type::kString, "zt", "service name"});
    return s;
  }();
  return kSchema;
}

struct TempFile {
  std::string path;
  TempFile() {
    char name[] = "/tmp/zt_fuzz_config_XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) std::abort();
    close(fd);
    path = name;
  }
  ~TempFile() { std::remove(path.c_str()); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const TempFile file;
  FILE* f = std::fopen(file.path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);

  std::string flag = "--config=" + file.path;
  const char* argv[] = {"zt-fuzz", flag.c_str()};
  Config cfg;
  try {
    cfg = load(schema(), 2, argv, std::map<std::string, std::string>{});
  } catch (const ConfigError&) {
    return 0;
  }
  for (const Key& k : schema().keys()) {
    switch (k.type) {
      case Type::kString:
        cfg.get_string(k.name);
        break;
      case Type::kInt:
        cfg.get_int(k.name);
        break;
      case Type::kBool:
        cfg.get_bool(k.name);
        break;
      case Type::kDouble:
        cfg.get_double(k.name);
        break;
    }
    if (cfg.source(k.name) != Source::kDefault && cfg.source(k.name) != Source::kFile) std::abort();
  }
  return 0;
}
