#include "zt/stun/hmac_integrity_key.h"

namespace zt::stun {

Sha1Tag HmacIntegrityKey::mac(BytesView header, BytesView body) {
  Sha1Tag tag{};
  // A failure leaves the tag all-zero, which never verifies a real message.
  (void)ctx_.compute({header, body}, tag);
  return tag;
}

}  // namespace zt::stun
