// --help, --help-json and --version texts.
#include <nlohmann/json.hpp>

#include "value_parse.h"
#include "zt/config/build_info.h"
#include "zt/config/command_line.h"

namespace zt::config {
namespace {

std::string usage_line(const Program& program, const Command& command) {
  std::string out = "Usage: " + program.name + (command.name.empty() ? "" : " " + command.name);
  if (!command.schema.keys().empty()) out += " [flags]";
  for (const Key& k : command.schema.keys()) {
    if (k.positional) out += k.required ? " <" + k.name + ">" : " [<" + k.name + ">]";
  }
  return out + "\n";
}

std::string common_options(const Schema& schema) {
  return "Every zt binary also takes: -h/--help, --version (version and git commit), --help-json "
         "(commands and flags as JSON), --config=<file.yaml> (or " +
         schema.env_prefix() + "CONFIG: flags from a YAML file).\n";
}

std::string command_help(const Program& program, const Command& command) {
  std::string title = program.name + (command.name.empty() ? "" : " " + command.name);
  std::string summary = command.name.empty() ? program.summary : command.summary;
  std::string out = title + ": " + summary + "\n\n" + usage_line(program, command) + "\n";
  if (!command.schema.keys().empty()) out += help_text(command.schema) + "\n";
  if (!command.details.empty()) out += command.details + "\n\n";
  if (!program.notes.empty()) out += program.notes + "\n\n";
  return out + common_options(command.schema);
}

std::string overview(const Program& program) {
  std::string out = program.name + ": " + program.summary + "\n\n";
  out += "Usage: " + program.name + " <command> [flags]\n";
  out += "       " + program.name + " help <command>   (or " + program.name +
         " <command> --help): what the command does and all its flags\n\nCommands:\n";
  size_t width = 0;
  for (const Command& c : program.commands) width = std::max(width, c.name.size());
  for (const Command& c : program.commands) {
    out += "  " + c.name + std::string(width + 3 - c.name.size(), ' ') + c.summary + "\n";
  }
  out += "\n";
  if (!program.notes.empty()) out += program.notes + "\n\n";
  return out + common_options(program.commands.front().schema);
}

nlohmann::json key_json(const Schema& schema, const Key& k) {
  return {{"name", k.name},
          {"env", schema.env_name(k.name)},
          {"type", type_name(k.type)},
          {"default", k.default_value},
          {"description", k.description},
          {"secret_file", k.secret_file},
          {"required", k.required},
          {"positional", k.positional}};
}

}  // namespace

std::string help_text(const Schema& schema) {
  std::string out =
      "Flags (--name value or --name=value; a flag beats the environment, which beats the --config "
      "file, which "
      "beats the default):\n";
  for (const Key& k : schema.keys()) {
    out += k.positional ? "  <" + k.name + "> (or --" + k.name + ", " : "  --" + k.name + " (";
    out += schema.env_name(k.name) + ", " + type_name(k.type);
    out += k.required ? ", required" : "";
    out += k.default_value.empty() ? "" : ", default " + k.default_value;
    out += ")";
    out += k.secret_file ? " [file holding a secret]" : "";
    out += "\n      " + k.description + "\n";
  }
  return out;
}

std::string help_text(const Program& program, const Command* command) {
  if (command == nullptr && !program.has_subcommands()) command = &program.commands.front();
  return command == nullptr ? overview(program) : command_help(program, *command);
}

std::string help_json(const Program& program) {
  nlohmann::json commands = nlohmann::json::array();
  for (const Command& c : program.commands) {
    nlohmann::json flags = nlohmann::json::array();
    for (const Key& k : c.schema.keys()) flags.push_back(key_json(c.schema, k));
    commands.push_back({{"name", c.name}, {"summary", c.summary}, {"flags", flags}});
  }
  nlohmann::json out{{"program", program.name},
                     {"summary", program.summary},
                     {"version", build_version()},
                     {"commit", build_commit()},
                     {"commands", commands}};
  return out.dump(2) + "\n";
}

std::string version_text(std::string_view program) {
  std::string out = std::string(program) + " " + std::string(build_version()) + "\n";
  out += "commit " + std::string(build_commit());
  return out + (build_tree_modified() ? " (built with uncommitted changes)\n" : "\n");
}

}  // namespace zt::config
