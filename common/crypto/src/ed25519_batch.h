// Ed25519 verification internals shared by signature.cpp and
// signature_batch.cpp (see zt/crypto/signature_batch.h for the contract).
#pragma once

#include <span>
#include <vector>

#include "zt/crypto/signature_batch.h"

namespace zt::crypto::detail {

// sodium_init() once; throws CryptoError(kUnsupported) if it failed.
void sodium_ready();

// One signature through libsodium (RFC 8032, cofactorless, strict checks).
bool ed25519_verify(BytesView public_key, BytesView message, BytesView signature);

// One result per item; the batch equation of signature_batch.h.
std::vector<bool> ed25519_verify_batch(std::span<const SignatureCheck> items, RandomSource& random);

}  // namespace zt::crypto::detail
