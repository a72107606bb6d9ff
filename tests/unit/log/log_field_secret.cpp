// Compiled by log_field_secret_test.sh, never built into a binary: with
// -DZT_LOG_SECRET it must not compile (log::field refuses SecretBytes),
// without it the same call on ordinary bytes must.
#include "zt/crypto/secret_bytes.h"
#include "zt/log/log.h"

zt::log::Field logged() {
#ifdef ZT_LOG_SECRET
  const zt::crypto::SecretBytes value(zt::Bytes{1, 2, 3});
#else
  const std::string value = "public";
#endif
  return zt::log::field("value", value);
}
