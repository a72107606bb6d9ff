// Environment a non-hermetic test needs. A missing variable is a test
// FAILURE (thrown std::runtime_error naming it and how to get it), never a skip.
#pragma once

#include <string>

namespace zt::testing {

// The value of `name`; throws std::runtime_error if unset or empty.
std::string require_env(const char* name);
// $ZT_BIN_DIR/<name>: a built binary (throws if ZT_BIN_DIR is unset).
std::string bin_path(const std::string& name);
// A fresh private temporary directory (mkdtemp under /tmp), removed by the caller.
std::string make_temp_dir(const std::string& prefix);
// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port();

}  // namespace zt::testing
