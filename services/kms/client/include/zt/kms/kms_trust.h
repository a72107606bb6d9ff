// What a client trusts a KMS by: the roots of its org CA (from Control Hub)
// or, for a KMS that is its own CA (development), that KMS's pinned root;
// and the KMS domain its key URIs name.
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/kms/v1/kms.pb.h"

namespace zt::kms {

struct KmsTrust {
  std::vector<std::string> roots_pem;
  std::string domain;
};

// A published session key that does not check out; the message says why.
class UntrustedSessionKey : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The HPKE public key of `published` once its certificate chains to a root
// of `trust` at `now`, names zt:kms:<trust.domain>, and its key signed the
// statement; throws UntrustedSessionKey otherwise.
Bytes verified_session_key(const v1::SessionKey& published, const KmsTrust& trust,
                           std::chrono::system_clock::time_point now);

}  // namespace zt::kms
