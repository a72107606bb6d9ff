// Ed25519 for JWS, on zt_crypto (the only code that calls OpenSSL).
#include "ed25519_backend.h"

#include "zt/crypto/error.h"
#include "zt/crypto/signature.h"

namespace zt::auth::detail {

using crypto::SignatureScheme;

Bytes ed25519_public_key(BytesView seed32) {
  return crypto::derive_signature_public_key(SignatureScheme::kEd25519, seed32);
}

Bytes ed25519_sign(BytesView seed32, BytesView message) {
  return crypto::sign(SignatureScheme::kEd25519, seed32, message);
}

bool ed25519_verify(BytesView public_key32, BytesView message, BytesView signature) {
  if (public_key32.size() != 32 || signature.size() != 64) return false;
  try {
    return crypto::verify(SignatureScheme::kEd25519, public_key32, message, signature);
  } catch (const crypto::CryptoError&) {
    return false;  // a key that is not a point
  }
}

}  // namespace zt::auth::detail
