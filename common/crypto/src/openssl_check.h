// The one place OpenSSL return codes are turned into zt errors.
#pragma once

#include "zt/crypto/error.h"

namespace zt::crypto::detail {

// True when an OpenSSL call succeeded (rc == 1, or a non-null pointer).
// On failure the thread's OpenSSL error queue is cleared, so stale errors
// never leak into a later call. Used directly by the data plane.
bool ossl_ok(int rc) noexcept;
inline bool ossl_ok(const void* p) noexcept { return ossl_ok(p != nullptr ? 1 : 0); }

// Control plane: throws CryptoError(code, what) unless ossl_ok(rc).
template <class R>
R ossl_check(R rc, const char* what, CryptoErrorCode code = CryptoErrorCode::kOpenSslFailure) {
  if (!ossl_ok(rc)) throw CryptoError(code, what);
  return rc;
}

}  // namespace zt::crypto::detail
