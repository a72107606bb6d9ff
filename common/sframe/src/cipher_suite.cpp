#include "zt/sframe/cipher_suite.h"

namespace zt::sframe {

Expected<SuiteParams, SFrameError> suite_params(CipherSuite suite) {
  using crypto::HashAlgorithm;
  switch (suite) {
    case CipherSuite::kAes128CtrHmacSha256_80:
      return SuiteParams{HashAlgorithm::kSha256, 32, 16, 48, 12, 10, true};
    case CipherSuite::kAes128CtrHmacSha256_64:
      return SuiteParams{HashAlgorithm::kSha256, 32, 16, 48, 12, 8, true};
    case CipherSuite::kAes128CtrHmacSha256_32:
      return SuiteParams{HashAlgorithm::kSha256, 32, 16, 48, 12, 4, true};
    case CipherSuite::kAes128GcmSha256_128:
      return SuiteParams{HashAlgorithm::kSha256, 32, 0, 16, 12, 16, false};
    case CipherSuite::kAes256GcmSha512_128:
      return SuiteParams{HashAlgorithm::kSha512, 64, 0, 32, 12, 16, false};
  }
  return unexpected(SFrameError::kUnsupportedSuite);
}

}  // namespace zt::sframe
