#include "zt/mls/tls_reader.h"

#include <string>

namespace zt::mls {

void Reader::fail_at(DecodeErrorKind kind, size_t offset) {
  if (failed_) return;
  failed_ = true;
  error_.kind = kind;
  error_.offset = offset;
  error_.field.clear();
}

void Reader::prepend_field(std::string_view name) {
  std::string path(name);
  if (!error_.field.empty() && error_.field.front() != '[') path += '.';
  path += error_.field;
  error_.field = std::move(path);
}

void Reader::prepend_index(size_t index) {
  std::string path(1, '[');
  path.append(std::to_string(index));
  path.push_back(']');
  if (!error_.field.empty() && error_.field.front() != '[') path += '.';
  path += error_.field;
  error_.field = std::move(path);
}

size_t Reader::varint() {
  size_t at = pos_;
  uint8_t first = u8();
  if (failed_) return 0;
  size_t value = first & 0x3f;
  switch (first >> 6) {
    case 0:
      return value;
    case 1:
      value = (value << 8) | u8();
      if (!failed_ && value < 64) fail_at(DecodeErrorKind::kNonMinimalVarint, at);
      break;
    case 2:
      for (uint8_t byte : take(3)) value = (value << 8) | byte;
      if (!failed_ && value < 16384) fail_at(DecodeErrorKind::kNonMinimalVarint, at);
      break;
    default:
      fail_at(DecodeErrorKind::kInvalidVarint, at);
      break;
  }
  return failed_ ? 0 : value;
}

}  // namespace zt::mls
