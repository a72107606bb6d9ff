#include "arguments.h"

#include "zt/client/client_error.h"

namespace zt::client::cli {

Arguments::Arguments(const std::vector<std::string>& words, const std::set<std::string>& flags) {
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.rfind("--", 0) != 0 || w.size() == 2) {
      positional_.push_back(w);
      continue;
    }
    std::string name = w.substr(2);
    if (auto eq = name.find('='); eq != std::string::npos) {
      options_[name.substr(0, eq)] = name.substr(eq + 1);
    } else if (flags.count(name)) {
      flags_.insert(name);
    } else {
      options_[name] = i + 1 < words.size() ? words[++i] : "";
    }
  }
}

Arguments::Arguments(const config::Schema& schema, const config::Config& config) {
  for (const config::Key& k : schema.keys()) {
    if (k.type == config::Type::kBool) {
      if (config.get_bool(k.name)) flags_.insert(k.name);
      continue;
    }
    std::string value = config.get_string(k.name);
    if (value.empty()) continue;
    if (k.positional) positional_.push_back(value);
    else options_[k.name] = value;
  }
}

const std::string& Arguments::word(size_t i, const std::string& what) const {
  if (i >= positional_.size()) throw ClientError::usage("missing " + what);
  return positional_[i];
}

bool Arguments::flag(const std::string& name) const { return flags_.count(name) > 0; }

std::optional<std::string> Arguments::option(const std::string& name) const {
  auto it = options_.find(name);
  if (it == options_.end()) return std::nullopt;
  return it->second;
}

std::string Arguments::required(const std::string& name) const {
  auto v = option(name);
  if (!v || v->empty()) throw ClientError::usage("--" + name + " is required");
  return *v;
}

std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < line.size()) cur += line[++i];
      else cur += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) out.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (quote) throw ClientError::usage("unclosed quote");
  if (in_word) out.push_back(std::move(cur));
  return out;
}

}  // namespace zt::client::cli
