#include "zt/crypto/random.h"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>

#include "openssl_check.h"

namespace zt::crypto {

void SystemRandom::fill(MutableBytesView out) {
  size_t done = 0;
  while (done < out.size()) {
    const size_t chunk = std::min<size_t>(out.size() - done, INT_MAX);
    detail::ossl_check(RAND_bytes(out.data() + done, static_cast<int>(chunk)), "RAND_bytes failed");
    done += chunk;
  }
}

SystemRandom& SystemRandom::instance() {
  static SystemRandom random;
  return random;
}

void FixedRandom::fill(MutableBytesView out) {
  if (next_ >= chunks_.size() || chunks_[next_].size() != out.size()) {
    throw CryptoError(CryptoErrorCode::kInvalidInput,
                      "FixedRandom has no chunk of the requested size");
  }
  const Bytes& chunk = chunks_[next_++];
  std::copy(chunk.begin(), chunk.end(), out.begin());
}

}  // namespace zt::crypto
