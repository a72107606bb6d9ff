#include "program.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "command.h"
#include "zt/client/client_error.h"
#include "zt/mls/error.h"

namespace zt::client::cli {
namespace {

constexpr const char* kUsage =
    "usage: zt-client --profile DIR [--json] COMMAND ...\n"
    "  login --controlhub URL --client-id ID --client-secret-file F [--delivery HOST:PORT]\n"
    "  enroll [--basic | --external-cert F --external-key F]\n"
    "  keypackages publish [--count N]\n"
    "  meeting create --type e2ee|standard [--personal-room]\n"
    "  meeting join NUMBER [--external|--batched] [--wait S] [--welcome-file F]\n"
    "  meeting add DEVICE_ID [--welcome-out F]    meeting remove DEVICE_ID\n"
    "  meeting sync | roster [--certs] | security | messages | leave\n"
    "  meeting chat send TEXT | file send PATH | whiteboard stroke JSON | annotate JSON\n"
    "  meeting remote-control EVENT | request-feature NAME\n"
    "  shell    (one command per line; `exit` ends)\n";

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

struct Resolved {
  const Command* command = nullptr;
  std::vector<std::string> rest;  // the words without the command's name
};

Resolved resolve(const std::vector<std::string>& words, const Arguments& all) {
  const auto& pos = all.positional();
  for (size_t n = std::min<size_t>(3, pos.size()); n > 0; --n) {
    std::string name;
    for (size_t i = 0; i < n; ++i) name += (i ? " " : "") + pos[i];
    auto it = commands().find(name);
    if (it == commands().end()) continue;
    Resolved r{&it->second, {}};
    size_t skipped = 0;
    for (size_t i = 0; i < words.size(); ++i) {
      const std::string& w = words[i];
      bool option = w.rfind("--", 0) == 0 && w.size() > 2;
      if (option && !flag_names().count(w.substr(2)) && i + 1 < words.size()) {
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
  std::string asked;
  for (size_t i = 0; i < std::min<size_t>(3, pos.size()); ++i) asked += (i ? " " : "") + pos[i];
  throw ClientError::usage(asked.empty() ? "no command given" : "unknown command \"" + asked + "\"");
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
  try {
    Arguments all(words, flag_names());
    json = json || all.flag("json");
    std::string profile = all.option("profile").value_or(default_profile);
    if (!all.positional().empty() && all.positional()[0] == "help") {
      out << kUsage;
      return 0;
    }
    if (!all.positional().empty() && all.positional()[0] == "shell") return shell(profile, json, out, err);
    Resolved r = resolve(words, all);
    std::vector<std::string> rest;
    for (size_t i = 0; i < r.rest.size(); ++i) {
      if (r.rest[i] == "--profile" && i + 1 < r.rest.size()) {
        ++i;
        continue;
      }
      rest.push_back(r.rest[i]);
    }
    Arguments args(rest, flag_names());
    Output o = (*r.command)(Invocation{profile, args});
    out << (json ? json_text(o.json) : o.text);
    return 0;
  } catch (const ClientError& e) {
    int code = e.kind() == ErrorKind::kRefused ? 2 : 1;
    std::string msg = e.what();
    if (e.kind() == ErrorKind::kUsage && msg.find("unknown command") == 0) msg += " (zt-client help)";
    return report(msg, code, json, &e, out, err);
  } catch (const mls::Error& e) {
    return report(std::string("MLS ") + std::string(mls::to_string(e.category())) + ": " + e.what(), 1, json,
                  nullptr, out, err);
  } catch (const std::exception& e) {
    return report(e.what(), 1, json, nullptr, out, err);
  }
}

}  // namespace

const std::set<std::string>& flag_names() {
  static const std::set<std::string> names{"json", "basic", "personal-room", "external", "batched", "certs"};
  return names;
}

int run(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
  const char* env = std::getenv("ZT_CLIENT_PROFILE");
  return run_one(words, env ? env : "", false, out, err);
}

}  // namespace zt::client::cli
