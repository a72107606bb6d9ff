// HKDF (RFC 5869) for SHA-256/384/512. Control plane: throws CryptoError.
#pragma once

#include "zt/base/bytes.h"
#include "zt/crypto/hash.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::crypto {

// PRK = HMAC-Hash(salt, IKM); an empty salt means HashLen zero bytes.
SecretBytes hkdf_extract(HashAlgorithm alg, BytesView salt, BytesView ikm);
// OKM of `length` bytes (at most 255 * HashLen).
SecretBytes hkdf_expand(HashAlgorithm alg, BytesView prk, BytesView info, size_t length);

}  // namespace zt::crypto
