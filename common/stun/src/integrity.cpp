#include "zt/stun/integrity.h"

#include <algorithm>

#include "wire.h"

namespace zt::stun {

Sha1Tag integrity_tag(BytesView message, size_t integrity_offset, IntegrityKey& key) {
  // The header's length field must end right after MESSAGE-INTEGRITY.
  uint8_t header[kHeaderSize];
  std::copy_n(message.begin(), kHeaderSize, header);
  wire::store16(header + 2, static_cast<uint16_t>(integrity_offset + 4 + kIntegritySize - kHeaderSize));
  return key.mac(BytesView(header, kHeaderSize), message.subspan(kHeaderSize, integrity_offset - kHeaderSize));
}

bool verify_integrity(const MessageView& view, IntegrityKey& key) {
  if (!view.has_integrity()) return false;
  Sha1Tag expected = integrity_tag(view.raw, view.integrity_offset, key);
  const uint8_t* got = view.raw.data() + view.integrity_offset + 4;
  uint8_t diff = 0;
  for (size_t i = 0; i < expected.size(); ++i) diff |= static_cast<uint8_t>(expected[i] ^ got[i]);
  return diff == 0;
}

}  // namespace zt::stun
