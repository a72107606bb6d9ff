#include "zt/mls/tls_error.h"

namespace zt::mls {

std::string_view to_string(DecodeErrorKind kind) {
  switch (kind) {
    case DecodeErrorKind::kTruncated:
      return "truncated";
    case DecodeErrorKind::kTrailingBytes:
      return "trailing bytes";
    case DecodeErrorKind::kNonMinimalVarint:
      return "non-minimal varint length";
    case DecodeErrorKind::kInvalidVarint:
      return "invalid varint prefix";
    case DecodeErrorKind::kInvalidOptional:
      return "invalid optional presence octet";
    case DecodeErrorKind::kInvalidEnum:
      return "invalid enum value";
    case DecodeErrorKind::kUnknownTag:
      return "unknown select tag";
    case DecodeErrorKind::kNonZeroPadding:
      return "non-zero padding";
    case DecodeErrorKind::kEmptyElement:
      return "empty vector element";
    case DecodeErrorKind::kTooLarge:
      return "decoded size limit exceeded";
  }
  return "unknown decode error";
}

std::string DecodeError::to_string() const {
  std::string out(zt::mls::to_string(kind));
  out += " at offset " + std::to_string(offset);
  if (!field.empty()) out += " in field " + field;
  return out;
}

}  // namespace zt::mls
