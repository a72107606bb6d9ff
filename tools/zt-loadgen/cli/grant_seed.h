// Where an sfu run finds the seed that signs its media grants: the
// --grant-seed-file flag (or ZT_LOADGEN_GRANT_SEED_FILE), else the local
// stack's .run/secrets/sfu-grant.seed (deploy/local/stack.sh writes it), looked
// for in the current directory and each parent, then above the binary
// (build/bin/../..).
#pragma once

#include <string>

#include "zt/config/config.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::loadgen {

struct GrantSeed {
  std::string path;  // where it was found (said on stderr, never its contents)
  crypto::SecretBytes hex;  // the seed in hex
};

// Throws config::ConfigError when there is no seed to be found or read.
GrantSeed find_grant_seed(const config::Config& cfg);

}  // namespace zt::loadgen
