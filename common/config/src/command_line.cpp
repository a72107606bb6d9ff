// Commands, help and version on top of load(): one parser for every binary.
#include "zt/config/command_line.h"

#include <algorithm>
#include <cstdio>

namespace zt::config {
namespace {

// One line: control characters from the arguments become '?', then the
// pointer at the right --help.
ConfigError usage_error(std::string message, const Program& program, const Command* command) {
  for (char& c : message) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  std::string target = program.name;
  if (command != nullptr && !command->name.empty()) target += " " + command->name;
  return ConfigError(message + "; see '" + target + " --help'");
}

std::string command_names(const Program& program) {
  std::string out;
  for (const Command& c : program.commands) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

Invocation print(std::string text) {
  Invocation inv;
  inv.output = std::move(text);
  return inv;
}

Invocation load_command(const Program& program, const Command& command, int argc,
                        const char* const* argv,
                        const std::optional<std::map<std::string, std::string>>& env) {
  Invocation inv;
  inv.command = &command;
  try {
    inv.config = load(command.schema, argc, argv, env);
  } catch (const ConfigError& e) {
    throw usage_error(e.what(), program, &command);
  }
  return inv;
}

// The command that the words from args[start] name, as the user types it:
// "sfu", or "meeting create" in one argument or in two ("meeting", "create").
// The longest name wins; flags end the name. `words`: how many it took.
const Command* match(const Program& program, const std::vector<std::string_view>& args, size_t start,
                     size_t& words) {
  size_t end = start;
  while (end < args.size() && !args[end].starts_with("-")) ++end;
  for (size_t n = end - start; n > 0; --n) {
    std::string name;
    for (size_t i = start; i < start + n; ++i) {
      if (i > start) name += ' ';
      name += args[i];
    }
    if (const Command* c = program.find(name)) {
      words = n;
      return c;
    }
  }
  return nullptr;
}

}  // namespace

Program Program::without_subcommands(std::string name, std::string summary, Schema schema,
                                     std::string notes) {
  Program p{std::move(name), std::move(summary), {}, std::move(notes)};
  p.commands.push_back({"", "", std::move(schema), ""});
  return p;
}

const Command* Program::find(std::string_view command) const {
  for (const Command& c : commands) {
    if (c.name == command) return &c;
  }
  return nullptr;
}

Invocation parse_command_line(const Program& program, int argc, const char* const* argv,
                              const std::optional<std::map<std::string, std::string>>& env) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  auto has = [&](std::string_view a) {
    return std::find(args.begin(), args.end(), a) != args.end();
  };
  const bool help = has("--help") || has("-h");
  if (has("--help-json")) return print(help_json(program));
  if (has("--version")) return print(version_text(program.name));
  if (!program.has_subcommands()) {
    const Command& only = program.commands.front();
    if (help) return print(help_text(program, &only));
    return load_command(program, only, argc, argv, env);
  }
  if (args.empty()) {
    throw usage_error("missing command (" + command_names(program) + ")", program, nullptr);
  }
  const std::string_view first = args.front();
  if (first == "--help" || first == "-h" || (first == "help" && args.size() == 1)) {
    return print(help_text(program, nullptr));
  }
  size_t words = 0;
  if (first == "help") {
    const Command* c = match(program, args, 1, words);
    if (c == nullptr)
      throw usage_error("unknown command " + std::string(args[1]), program, nullptr);
    if (args.size() > 1 + words)
      throw usage_error("unexpected argument " + std::string(args[1 + words]), program, nullptr);
    return print(help_text(program, c));
  }
  if (first.starts_with("-")) {
    throw usage_error(
        "missing command before " + std::string(first) + " (" + command_names(program) + ")",
        program, nullptr);
  }
  const Command* c = match(program, args, 0, words);
  if (c == nullptr) throw usage_error("unknown command " + std::string(first), program, nullptr);
  if (help) return print(help_text(program, c));
  return load_command(program, *c, argc - static_cast<int>(words), argv + words, env);
}

int run_command_line(const Program& program, int argc, const char* const* argv,
                     const std::function<int(const Command&, const Config&)>& run) {
  try {
    Invocation inv = parse_command_line(program, argc, argv);
    if (inv.command == nullptr) {
      std::fputs(inv.output.c_str(), stdout);
      return 0;
    }
    return run(*inv.command, inv.config);
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "%s: %s\n", program.name.c_str(), e.what());
    return 2;
  }
}

}  // namespace zt::config
