// The command line of every zt binary, on one parser (load() in config.h):
// what the program does, its commands and each command's flags (a Schema),
// and the options every binary answers:
//
//   -h, --help        what it does, its commands, every flag with its default
//                     and environment variable (stdout, exit 0)
//   help <command>    the same for one command (also: <command> --help)
//   --version         version and the git commit it was built from
//   --help-json       the commands and flags as JSON, for scripts and tests
//
// A usage error (unknown command or flag, missing value, missing argument,
// value of the wrong type) is one line naming the flag and pointing at
// --help; the binary exits 2. A tool's whole main():
//
//   zt::config::Program program{"zt-healthcheck", "asks a gRPC server's health service ...", {},
//   ""}; program.commands.push_back({"", "", schema, ""});   // no subcommands: one unnamed command
//   return zt::config::run_command_line(program, argc, argv,
//       [](const zt::config::Command&, const zt::config::Config& cfg) { ...; return 0; });
//
// Services go through zt::server::run_service, which uses parse_command_line.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "zt/config/config.h"

namespace zt::config {

struct Command {
  std::string name;     // "sfu", or words as typed ("meeting create": one argument or two);
                        // empty for the one command of a program without subcommands
  std::string summary;  // one line: what the command does
  Schema schema;        // its flags and positional arguments
  std::string details;  // more text for `help <command>` (may be empty)
};

struct Program {
  std::string name;               // "zt-loadgen"
  std::string summary;            // what the program does
  std::vector<Command> commands;  // one unnamed command, or named subcommands
  std::string notes;              // exit status, examples (may be empty)

  // A program without subcommands: one unnamed command with `schema`.
  static Program without_subcommands(std::string name, std::string summary, Schema schema,
                                     std::string notes);

  // The named command; for a program without subcommands, its one command.
  const Command* find(std::string_view command) const;
  bool has_subcommands() const { return !(commands.size() == 1 && commands[0].name.empty()); }
};

struct Invocation {
  const Command* command = nullptr;  // nullptr: print `output` and exit 0
  Config config;                     // the command's loaded flags
  std::string output;                // help, version or JSON text
};

// Parses argv. Throws ConfigError with a one-line message that ends by
// pointing at the right --help. `env`: as in load(). The result points into
// `program`, which must outlive it (hence no temporaries).
Invocation parse_command_line(
    const Program& program, int argc, const char* const* argv,
    const std::optional<std::map<std::string, std::string>>& env = std::nullopt);
Invocation parse_command_line(
    Program&&, int, const char* const*,
    const std::optional<std::map<std::string, std::string>>& = std::nullopt) = delete;

// The program's help (command == nullptr: the overview of every command).
std::string help_text(const Program& program, const Command* command);
// {"program":..,"version":..,"commit":..,"commands":[{"name":..,"summary":..,"flags":[..]}]}
std::string help_json(const Program& program);
// "<name> <version>\ncommit <sha> [(built with uncommitted changes)]\n"
std::string version_text(std::string_view program);

// parse_command_line, then: help/version on stdout (exit 0); a ConfigError on
// stderr as "<program>: <message>" (exit 2, also when `run` throws one);
// otherwise run(command, config)'s exit code.
int run_command_line(const Program& program, int argc, const char* const* argv,
                     const std::function<int(const Command&, const Config&)>& run);

}  // namespace zt::config
