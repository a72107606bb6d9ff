// Files of a profile directory: written whole or not at all (a temporary
// file in the same directory, fsync, rename, fsync of the directory), mode
// 600; the secret ones sealed with AES-256-GCM under a key of the profile.
// Sealed layout: "ZTS1" | nonce (12) | ciphertext || tag; the AAD is the
// magic and the file's name, so a sealed file renamed to another one's
// place does not open.
#pragma once

#include <optional>
#include <string>

#include "zt/base/bytes.h"
#include "zt/crypto/secret_bytes.h"

namespace zt::client {

// Throws ClientError(kProfile) naming the path on any failure.
void write_file_atomic(const std::string& path, BytesView contents);
// nullopt if the file does not exist; throws ClientError(kProfile) otherwise.
std::optional<Bytes> read_file(const std::string& path);

void write_sealed(const std::string& path, const crypto::SecretBytes& key, BytesView plaintext);
// nullopt if the file does not exist; ClientError(kProfile) if it does not
// open under `key` (another profile's file, or damaged).
std::optional<crypto::SecretBytes> read_sealed(const std::string& path,
                                               const crypto::SecretBytes& key);

}  // namespace zt::client
