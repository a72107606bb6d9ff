// The SFrame header (RFC 9605 §4.3): a config byte |X|K|Y|C| followed by the
// KID and CTR in their shortest big-endian encodings. Decoding rejects
// truncated and non-minimal headers.
#pragma once

#include <cstddef>
#include <cstdint>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/sframe/error.h"

namespace zt::sframe {

inline constexpr size_t kMaxHeaderSize = 1 + 8 + 8;

struct Header {
  uint64_t kid = 0;
  uint64_t ctr = 0;
  bool operator==(const Header&) const = default;
};

struct DecodedHeader {
  Header header;
  size_t size = 0;  // bytes consumed
};

// Size of the shortest encoding of `header` (1..17).
size_t encoded_size(const Header& header);

// Writes the header into `out`; returns its size.
Expected<size_t, SFrameError> encode_header(const Header& header, MutableBytesView out);

// Reads a header from the start of `data` (trailing bytes are the ciphertext).
Expected<DecodedHeader, SFrameError> decode_header(BytesView data);

}  // namespace zt::sframe
