// One zt-client command: what it needs (the words after its name, the
// profile directory) and what it prints (a JSON object for --json, lines
// for people).
#pragma once

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "arguments.h"
#include "zt/config/command_line.h"

namespace zt::client::cli {

struct Output {
  nlohmann::json json = nlohmann::json::object();
  std::string text;  // human-readable, ends with '\n'
};

struct Invocation {
  std::string profile_dir;
  const Arguments& args;
};

using Command = std::function<Output(const Invocation&)>;

// "login", "enroll", "keypackages publish", "meeting create", ...
using CommandTable = std::map<std::string, Command>;
void add_account_commands(CommandTable& table);
void add_meeting_commands(CommandTable& table);
void add_content_commands(CommandTable& table);

// Every command, its summary and its flags (the table's names and more:
// `shell`). Parsing, help and usage errors go through it.
const config::Program& program_description();

// The options that take no value (the boolean keys of every command).
const std::set<std::string>& flag_names();

}  // namespace zt::client::cli
