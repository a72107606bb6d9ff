#include "zt/crypto/hash.h"

#include <openssl/evp.h>

#include "algorithms.h"
#include "openssl_check.h"

namespace zt::crypto {

size_t digest_size(HashAlgorithm alg) {
  switch (alg) {
    case HashAlgorithm::kSha1:
      return 20;
    case HashAlgorithm::kSha256:
      return 32;
    case HashAlgorithm::kSha384:
      return 48;
    case HashAlgorithm::kSha512:
      return 64;
  }
  return 0;
}

size_t block_size(HashAlgorithm alg) {
  return alg == HashAlgorithm::kSha384 || alg == HashAlgorithm::kSha512 ? 128 : 64;
}

Bytes hash(HashAlgorithm alg, BytesView data) {
  Bytes out(digest_size(alg));
  unsigned int len = 0;
  detail::ossl_check(
      EVP_Digest(data.data(), data.size(), out.data(), &len, detail::fetch_md(alg), nullptr),
      "digest failed");
  return out;
}

}  // namespace zt::crypto
