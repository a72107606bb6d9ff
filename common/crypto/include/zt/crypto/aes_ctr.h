// AES-CTR (128/256) with the key set once and a 16-byte initial counter block
// per call, for SFrame's AES-CTR-HMAC suites. No allocation, no throw per call.
#pragma once

#include <cstdint>
#include <memory>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/crypto/error.h"

namespace zt::crypto {

enum class CtrAlgorithm : uint8_t { kAes128Ctr, kAes256Ctr };

class AesCtrContext {
 public:
  static constexpr size_t kIvSize = 16;

  // Throws CryptoError (kInvalidKey) unless the key is 16 or 32 bytes to match.
  AesCtrContext(CtrAlgorithm alg, BytesView key);
  ~AesCtrContext();
  AesCtrContext(AesCtrContext&&) noexcept;
  AesCtrContext& operator=(AesCtrContext&&) noexcept;

  // Encrypts or decrypts `in` into `out` (out.size() >= in.size(); may alias
  // `in` exactly). `iv` is the 16-byte initial counter block.
  Expected<size_t, CryptoError> crypt(BytesView iv, BytesView in, MutableBytesView out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace zt::crypto
