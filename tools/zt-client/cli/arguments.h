// The command line of one zt-client command: positional words and
// "--name value" / "--flag" options, wherever they appear. Finding the
// command uses the words; a command reads the values zt::config loaded.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "zt/config/config.h"

namespace zt::client::cli {

class Arguments {
 public:
  // `flags` take no value; every other --option takes the next word
  // (--name=value takes none; a last option without its value is empty).
  Arguments(const std::vector<std::string>& words, const std::set<std::string>& flags);
  // What `config` holds for `schema`: its positional keys in order, its
  // true booleans as flags, every other non-empty value as an option.
  Arguments(const config::Schema& schema, const config::Config& config);

  const std::vector<std::string>& positional() const { return positional_; }
  // The i-th positional word, or ClientError(kUsage) naming `what`.
  const std::string& word(size_t i, const std::string& what) const;
  bool flag(const std::string& name) const;
  std::optional<std::string> option(const std::string& name) const;
  std::string required(const std::string& name) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
  std::set<std::string> flags_;
};

// Splits a shell line into words ("double" and 'single' quotes, \ escapes).
// Throws ClientError(kUsage) on an unclosed quote.
std::vector<std::string> split_words(const std::string& line);

}  // namespace zt::client::cli
