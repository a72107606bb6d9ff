// Hex conversion into a caller's buffer of exactly the right size, for
// buffers that are not a Bytes or a std::string (secret memory, say).
// zt::to_hex and zt::from_hex (bytes.h) are these two with their own buffer.
#pragma once

#include "zt/base/bytes.h"

namespace zt {

// Lower-case hex of `data`; out.size() must be 2 * data.size().
void to_hex_into(BytesView data, MutableBytesView out);
// The bytes `hex` spells; out.size() must be hex.size() / 2. Throws
// std::invalid_argument as from_hex does (naming the offset, never the text).
void from_hex_into(std::string_view hex, MutableBytesView out);

}  // namespace zt
