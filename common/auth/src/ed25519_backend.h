// The Ed25519 primitives zt_auth needs, on zt_crypto.
#pragma once

#include "zt/base/bytes.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::auth::detail {

Bytes ed25519_public_key(BytesView seed32);
Bytes ed25519_sign(BytesView seed32, BytesView message);
bool ed25519_verify(BytesView public_key32, BytesView message, BytesView signature);

}  // namespace zt::auth::detail
