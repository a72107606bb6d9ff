#include "zt/base/utf8.h"

namespace zt {
namespace {

// The length of the UTF-8 sequence starting at `text[i]` (1-4), or 0 when
// it is not a valid, shortest-form encoding of a scalar value.
size_t sequence_length(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t n = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (n == 0 || lead > 0xF4 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  unsigned char second = byte(i + 1);
  if (lead == 0xE0 && second < 0xA0) return 0;  // overlong
  if (lead == 0xED && second > 0x9F) return 0;  // UTF-16 surrogate
  if (lead == 0xF0 && second < 0x90) return 0;  // overlong
  if (lead == 0xF4 && second > 0x8F) return 0;  // past U+10FFFF
  return n;
}

}  // namespace

std::optional<size_t> utf8_length(std::string_view text) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++chars) {
    size_t n = sequence_length(text, i);
    if (n == 0) return std::nullopt;
    i += n;
  }
  return chars;
}

bool is_clean_utf8(std::string_view text) {
  return text.find('\0') == std::string_view::npos && utf8_length(text).has_value();
}

bool is_clean_utf8(BytesView text) {
  return is_clean_utf8(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()));
}

}  // namespace zt
