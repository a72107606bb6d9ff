#include "zt/crypto/signature_batch.h"

#include "ed25519_batch.h"

namespace zt::crypto {

std::vector<bool> verify_batch(SignatureScheme scheme, std::span<const SignatureCheck> items,
                               RandomSource& random) {
  if (scheme == SignatureScheme::kEd25519) return detail::ed25519_verify_batch(items, random);
  std::vector<bool> ok(items.size(), false);
  for (size_t i = 0; i < items.size(); ++i) {
    try {
      ok[i] = verify(scheme, items[i].public_key, items[i].message, items[i].signature);
    } catch (const CryptoError&) {
      ok[i] = false;  // a malformed public key verifies nothing
    }
  }
  return ok;
}

}  // namespace zt::crypto
