// PSK secret combination (RFC 9420 section 8.4): folds the PSKs of a commit
// or Welcome, in order, into psk_secret.
#pragma once

#include <span>

#include "zt/crypto/secret_bytes.h"
#include "zt/mls/crypto_labels.h"
#include "zt/mls/proposal.h"

namespace zt::mls {

struct PskWithSecret {
  PreSharedKeyId id;
  crypto::SecretBytes psk;
};

// psk_secret_[n]; Nh zero bytes when `psks` is empty.
crypto::SecretBytes psk_secret(const crypto::SuiteAlgorithms& suite,
                               std::span<const PskWithSecret> psks);

}  // namespace zt::mls
