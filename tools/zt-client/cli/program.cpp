#include "program.h"

#include <unistd.h>

#include <iostream>

#include "command.h"
#include "zt/client/client_error.h"
#include "zt/mls/error.h"

namespace zt::client::cli {
namespace {

const CommandTable& commands() {
  static const CommandTable table = [] {
    CommandTable t;
    add_account_commands(t);
    add_meeting_commands(t);
    add_content_commands(t);
    return t;
  }();
  return table;
}

// The command the words name ("meeting", "create" or "meeting create") and
// the other words, or nullptr.
struct Resolved {
  const config::Command* command = nullptr;
  std::vector<std::string> rest;  // the words without the command's name
};

Resolved resolve(const std::vector<std::string>& words) {
  Arguments all(words, flag_names());
  const auto& pos = all.positional();
  for (size_t n = std::min<size_t>(3, pos.size()); n > 0; --n) {
    std::string name;
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) name += ' ';
      name += pos[i];
    }
    const config::Command* c = program_description().find(name);
    if (c == nullptr) continue;
    Resolved r{c, {}};
    size_t skipped = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      const std::string& w = words[i];
      bool option = w.rfind("--", 0) == 0 && w.size() > 2;
      bool takes_next = option && w.find('=') == std::string::npos && !flag_names().count(w.substr(2));
      if (takes_next && i + 1 < words.size()) {
        r.rest.push_back(w);
        r.rest.push_back(words[++i]);
      } else if (!option && skipped < n) {
        ++skipped;
      } else {
        r.rest.push_back(w);
      }
    }
    return r;
  }
  return {};
}

// zt::config's parser over `argv_words` (without the program's name).
config::Invocation parse(const std::vector<std::string>& argv_words) {
  std::vector<const char*> argv{"zt-client"};
  for (const std::string& w : argv_words) argv.push_back(w.c_str());
  return config::parse_command_line(program_description(), static_cast<int>(argv.size()), argv.data());
}

bool asks_for_help(const std::vector<std::string>& words) {
  if (words.empty() || words[0] == "help") return true;
  for (const std::string& w : words) {
    if (w == "--help" || w == "-h" || w == "--help-json" || w == "--version") return true;
  }
  return false;
}

std::string json_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

int report(const std::string& message, int code, bool json, const ClientError* e, std::ostream& out,
           std::ostream& err) {
  std::string line = message;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  err << "zt-client: " << line << "\n";
  if (json) {
    nlohmann::json j{{"error", line}, {"exit_code", code}};
    if (e && e->kind() == ErrorKind::kRefused)
      j["refused"] = {{"service", e->service()}, {"status", e->status()}, {"reason", e->reason()}};
    out << json_text(j);
  }
  return code;
}

int run_one(const std::vector<std::string>& words, const std::string& default_profile, bool json_default,
            std::ostream& out, std::ostream& err);

int shell(const std::string& profile, bool json, std::ostream& out, std::ostream& err) {
  bool tty = ::isatty(STDIN_FILENO);
  std::string line;
  int last = 0;
  while (true) {
    if (tty) out << "zt> " << std::flush;
    if (!std::getline(std::cin, line)) break;
    std::vector<std::string> words;
    try {
      words = split_words(line);
    } catch (const ClientError& e) {
      last = report(e.what(), 1, json, &e, out, err);
      continue;
    }
    if (words.empty()) continue;
    if (words[0] == "exit" || words[0] == "quit") break;
    last = run_one(words, profile, json, out, err);
    out << std::flush;
  }
  return last;
}

int run_one(const std::vector<std::string>& words, const std::string& default_profile, bool json_default,
            std::ostream& out, std::ostream& err) {
  bool json = json_default;
  for (const std::string& w : words) json = json || w == "--json" || w == "--json=true";
  try {
    if (asks_for_help(words)) {
      out << parse(words).output;  // help, version, JSON; or throws the usage error
      return 0;
    }
    Resolved r = resolve(words);
    if (r.command == nullptr) {
      parse(words);  // throws the usage error: unknown or missing command
      throw config::ConfigError("unknown command; see 'zt-client --help'");
    }
    // The command first; the shell's profile and --json as defaults; a flag
    // of a boolean key without a value means true.
    std::vector<std::string> argv_words{r.command->name};
    if (!default_profile.empty()) argv_words.push_back("--profile=" + default_profile);
    if (json_default) argv_words.push_back("--json=true");
    for (const std::string& w : r.rest) {
      const config::Key* k = w.rfind("--", 0) == 0 ? r.command->schema.find(w.substr(2)) : nullptr;
      argv_words.push_back(k != nullptr && k->type == config::Type::kBool ? w + "=true" : w);
    }
    config::Invocation inv = parse(argv_words);
    json = inv.config.get_bool("json");
    std::string profile = inv.config.get_string("profile");
    if (inv.command->name == "shell") return shell(profile, json, out, err);
    Arguments args(inv.command->schema, inv.config);
    Output o = commands().at(inv.command->name)(Invocation{profile, args});
    out << (json ? json_text(o.json) : o.text);
    return 0;
  } catch (const config::ConfigError& e) {
    return report(e.what(), 2, json, nullptr, out, err);
  } catch (const ClientError& e) {
    int code = e.kind() == ErrorKind::kRefused ? 2 : 1;
    return report(e.what(), code, json, &e, out, err);
  } catch (const mls::Error& e) {
    return report(std::string("MLS ") + std::string(mls::to_string(e.category())) + ": " + e.what(), 1, json,
                  nullptr, out, err);
  } catch (const std::exception& e) {
    return report(e.what(), 1, json, nullptr, out, err);
  }
}

}  // namespace

const std::set<std::string>& flag_names() {
  static const std::set<std::string> names = [] {
    std::set<std::string> out;
    for (const config::Command& c : program_description().commands)
      for (const config::Key& k : c.schema.keys())
        if (k.type == config::Type::kBool) out.insert(k.name);
    return out;
  }();
  return names;
}

int run(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  return run_one(words, "", false, out, err);  // ZT_CLIENT_PROFILE: zt::config reads it
}

}  // namespace zt::client::cli
