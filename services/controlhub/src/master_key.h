// The master key that seals signing and CA keys: from the configured secret
// file, or (single-machine default) <state_dir>/master.key, created with
// mode 0600 on first start.
#pragma once

#include <string>

#include "zt/crypto/random.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::controlhub {

// `configured`: the secret file's contents, empty if none was configured.
// A created file holds 32 bytes from `random`, in hex, and a newline; the
// master secret is the file's exact bytes.
crypto::SecretBytes load_or_create_master_secret(crypto::SecretBytes configured,
                                                 const std::string& state_dir,
                                                 crypto::RandomSource& random);

}  // namespace zt::controlhub
