// Hash functions (SHA-1 only for legacy MACs such as STUN MESSAGE-INTEGRITY).
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/bytes.h"

namespace zt::crypto {

enum class HashAlgorithm : uint8_t { kSha1, kSha256, kSha384, kSha512 };

// Output length in bytes (20, 32, 48, 64).
size_t digest_size(HashAlgorithm alg);
// Internal block length in bytes (64 or 128).
size_t block_size(HashAlgorithm alg);

Bytes hash(HashAlgorithm alg, BytesView data);

}  // namespace zt::crypto
