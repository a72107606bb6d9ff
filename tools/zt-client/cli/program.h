// The zt-client program: finds the command in the words, runs it, prints
// its output (human or --json) and maps what went wrong to the exit code:
// 0 success, 2 refused by a service (status and reason printed on one
// line) or a usage error (zt::config: one line pointing at --help), 1
// anything else. `shell` runs one command per input line.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace zt::client::cli {

int run(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

}  // namespace zt::client::cli
