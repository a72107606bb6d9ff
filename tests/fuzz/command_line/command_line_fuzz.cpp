// Fuzzes the command line every zt binary parses (parse_command_line):
// a program with subcommands, positional, required, secret-file and typed
// keys. Input: the arguments after argv[0], separated by NUL bytes.
//
// Properties: parsing either throws ConfigError with a one-line message that
// points at --help, or prints help/version/JSON, or yields a Config in which
// every key of the chosen command reads back with its declared type; nothing
// else escapes.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "zt/config/command_line.h"

namespace {

using namespace zt::config;

const Program& program() {
  static const Program kProgram = [] {
    Schema run("ZT_FUZZ_");
    run.add({"target", Type::kString, "127.0.0.1:7004", "address"});
    run.add({"count", Type::kInt, "3", "how many"});
    run.add({"rate", Type::kDouble, "1.5", "per second"});
    run.add({"on", Type::kBool, "1", "a switch"});
    run.add({"seed-file", Type::kString, "", "a secret", /*secret_file=*/true});
    Schema make("ZT_FUZZ_");
    make.add({.name = "out", .description = "output", .required = true});
    make.add({.name = "name", .description = "bare", .positional = true});
    make.add(
        {.name = "port", .type = Type::kInt, .description = "bare number", .positional = true});
    Program p{"zt-fuzz", "fuzzed", {}, ""};
    p.commands.push_back({"run", "run", run, ""});
    p.commands.push_back({"make", "make", make, ""});
    return p;
  }();
  return kProgram;
}

void read_back(const Schema& schema, const Config& cfg) {
  for (const Key& k : schema.keys()) {
    if (cfg.get_string(k.name).empty()) continue;  // a key without a default, not given
    switch (k.type) {
      case Type::kString:
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
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string> args{"zt-fuzz"};
  std::string current;
  for (size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(data[i]));
    }
  }
  if (!current.empty()) args.push_back(current);
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    Invocation inv = parse_command_line(program(), static_cast<int>(argv.size()), argv.data(),
                                        std::map<std::string, std::string>{});
    if (inv.command == nullptr) {
      if (inv.output.empty()) std::abort();
      return 0;
    }
    read_back(inv.command->schema, inv.config);
  } catch (const ConfigError& e) {
    std::string what = e.what();
    if (what.find('\n') != std::string::npos || what.find("--help'") == std::string::npos)
      std::abort();
  }
  return 0;
}
