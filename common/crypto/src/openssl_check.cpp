#include "openssl_check.h"

#include <openssl/err.h>

namespace zt::crypto::detail {

bool ossl_ok(int rc) noexcept {
  if (rc == 1) return true;
  ERR_clear_error();
  return false;
}

}  // namespace zt::crypto::detail
