// The master key that seals signing and CA keys: from the configured secret
// file, or (single-machine default) <state_dir>/master.key, created with
// mode 0600 on first start.
#pragma once

#include <string>

namespace zt::controlhub {

// `configured`: the secret file's contents, empty if none was configured.
std::string load_or_create_master_secret(const std::string& configured, const std::string& state_dir);

}  // namespace zt::controlhub
