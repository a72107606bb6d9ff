// Errors of the TLS presentation-language codec (RFC 9420 section 2.1).
// Decoding never throws: it returns a DecodeError saying what was wrong,
// where (byte offset) and in which field. Encoding an in-memory value that
// cannot be represented on the wire (a vector longer than 2^30-1 bytes, a
// tag missing where the format requires it) is a programming error and
// throws EncodeError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace zt::mls {

enum class DecodeErrorKind : uint8_t {
  kTruncated,         // a read ran past the end of the input or of its vector
  kTrailingBytes,     // bytes left after the top-level value
  kNonMinimalVarint,  // a vector length not in its shortest encoding
  kInvalidVarint,     // a vector length with the reserved prefix 0b11
  kInvalidOptional,   // an optional<T> presence octet other than 0 or 1
  kInvalidEnum,       // an enum value outside its defined set
  kUnknownTag,        // a select tag (credential type, proposal type ...) we cannot parse
  kNonZeroPadding,    // PrivateMessageContent padding with a non-zero byte
  kEmptyElement,      // a vector element that consumed no bytes
  kTooLarge,          // decoded structs would take too much memory for the input size
};

std::string_view to_string(DecodeErrorKind kind);

struct DecodeError {
  DecodeErrorKind kind = DecodeErrorKind::kTruncated;
  size_t offset = 0;  // byte offset in the top-level input where the problem was found
  std::string field;  // dotted path, e.g. "proposals[1].key_package.leaf_node.signature"

  // "truncated at offset 12 in field a.b"
  std::string to_string() const;
};

class EncodeError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

}  // namespace zt::mls
