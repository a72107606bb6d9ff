// PEM (RFC 7468) blocks to DER, and the Ed25519 seed inside a PKCS#8
// PrivateKeyInfo (RFC 8410), as the org CA's CSR flow and external
// certificates hand keys to MLS (whose signature keys are raw seeds).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zt/base/bytes.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::client {

// The DER of every "-----BEGIN <label>-----" block, in order. Throws
// ClientError(kUsage) naming `what` if there is none or one is not base64.
std::vector<Bytes> pem_blocks(std::string_view text, std::string_view label, const std::string& what);

// The 32-byte seed of an Ed25519 PKCS#8 key; ClientError(kUsage) for any other key.
crypto::SecretBytes ed25519_seed_of_pkcs8(BytesView pkcs8_der, const std::string& what);

}  // namespace zt::client
