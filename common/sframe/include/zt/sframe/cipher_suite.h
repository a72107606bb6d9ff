// SFrame cipher suites (RFC 9605 §4.5, IANA registry) and their constants.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/expected.h"
#include "zt/crypto/hash.h"
#include "zt/sframe/error.h"

namespace zt::sframe {

enum class CipherSuite : uint16_t {
  kAes128CtrHmacSha256_80 = 1,
  kAes128CtrHmacSha256_64 = 2,
  kAes128CtrHmacSha256_32 = 3,
  kAes128GcmSha256_128 = 4,
  kAes256GcmSha512_128 = 5,
};

struct SuiteParams {
  crypto::HashAlgorithm hash;
  size_t nh;   // hash output size
  size_t nka;  // AES key size inside a CTR-HMAC key (0 for GCM suites)
  size_t nk;   // AEAD key size
  size_t nn;   // nonce size
  size_t nt;   // tag size
  bool ctr_hmac;
};

// Parameters of a suite, or kUnsupportedSuite for an unknown value.
Expected<SuiteParams, SFrameError> suite_params(CipherSuite suite);

}  // namespace zt::sframe
