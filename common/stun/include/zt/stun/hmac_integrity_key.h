// IntegrityKey backed by common/crypto's HMAC-SHA1 context: keyed once with
// an ICE password, then one MAC per message without allocation.
#pragma once

#include "zt/crypto/hmac.h"
#include "zt/stun/integrity.h"

namespace zt::stun {

class HmacIntegrityKey final : public IntegrityKey {
 public:
  // Throws zt::crypto::CryptoError if the context cannot be created.
  explicit HmacIntegrityKey(BytesView password) : ctx_(crypto::HashAlgorithm::kSha1, password) {}

  Sha1Tag mac(BytesView header, BytesView body) override;

 private:
  crypto::HmacContext ctx_;
};

}  // namespace zt::stun
