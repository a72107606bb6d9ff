// Fetched OpenSSL algorithm objects, fetched once per process and shared.
#pragma once

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include "zt/crypto/aead.h"
#include "zt/crypto/aes_ctr.h"
#include "zt/crypto/hash.h"

namespace zt::crypto::detail {

const EVP_MD* fetch_md(HashAlgorithm alg);
const char* md_name(HashAlgorithm alg);
const EVP_CIPHER* fetch_cipher(AeadAlgorithm alg);
const EVP_CIPHER* fetch_cipher(CtrAlgorithm alg);
EVP_MAC* fetch_hmac();
EVP_KDF* fetch_hkdf();

}  // namespace zt::crypto::detail
