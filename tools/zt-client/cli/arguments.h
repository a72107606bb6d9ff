// The command line of one zt-client command: positional words and
// "--name value" / "--flag" options, wherever they appear.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace zt::client::cli {

class Arguments {
 public:
  // `flags` take no value; every other --option takes the next word.
  // Throws ClientError(kUsage) for an option without its value.
  Arguments(const std::vector<std::string>& words, const std::set<std::string>& flags);

  const std::vector<std::string>& positional() const { return positional_; }
  // The i-th positional word, or ClientError(kUsage) naming `what`.
  const std::string& word(size_t i, const std::string& what) const;
  bool flag(const std::string& name) const;
  std::optional<std::string> option(const std::string& name) const;
  std::string required(const std::string& name) const;
  // Throws ClientError(kUsage) naming options this command does not know.
  void allow_only(const std::set<std::string>& names) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::string> options_;
  std::set<std::string> flags_;
};

// Splits a shell line into words ("double" and 'single' quotes, \ escapes).
// Throws ClientError(kUsage) on an unclosed quote.
std::vector<std::string> split_words(const std::string& line);

}  // namespace zt::client::cli
