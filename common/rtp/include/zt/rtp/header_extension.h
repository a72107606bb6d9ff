// RTP header extensions (RFC 8285): the one-byte (profile 0xBEDE) and
// two-byte (profile 0x100X) forms. Parsing validates the whole block once;
// lookups then walk it without allocating.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/rtp/error.h"

namespace zt::rtp {

inline constexpr uint16_t kOneByteProfile = 0xBEDE;
inline constexpr uint16_t kTwoByteProfile = 0x1000;  // low 4 bits: appbits
inline constexpr uint16_t kTwoByteProfileMask = 0xFFF0;
inline constexpr uint8_t kOneByteMaxId = 14;  // 15 is reserved
inline constexpr size_t kOneByteMaxSize = 16;
inline constexpr size_t kTwoByteMaxSize = 255;

enum class ExtensionForm { kOneByte, kTwoByte };

// One element: a local identifier and its data (a view into the packet).
struct HeaderExtension {
  uint8_t id = 0;
  BytesView data;
};

// A validated extension block (the bytes after the 4-byte profile/length word).
class HeaderExtensionsView {
 public:
  HeaderExtensionsView() = default;

  // Accepts profiles 0xBEDE and 0x100X; any other profile yields an empty view
  // (unknown profiles are legal RTP and simply carry nothing we understand).
  static Expected<HeaderExtensionsView, RtpError> parse(uint16_t profile, BytesView block);

  // The data of element `id`, if present (first occurrence).
  std::optional<BytesView> find(uint8_t id) const;

  // Calls fn(HeaderExtension) for every element in wire order.
  template <class Fn>
  void for_each(Fn&& fn) const {
    size_t pos = 0;
    HeaderExtension ext;
    while (next(pos, ext)) fn(ext);
  }

  bool empty() const { return block_.empty(); }
  std::optional<ExtensionForm> form() const { return form_; }

 private:
  // Steps over padding to the next element; false at the end of the block.
  bool next(size_t& pos, HeaderExtension& out) const;

  std::optional<ExtensionForm> form_;
  BytesView block_;
};

// Size of the extension section (4-byte word + elements + zero padding to a
// multiple of 4) needed to carry `extensions`; 0 when the list is empty.
// Picks the one-byte form when every element fits it, else the two-byte form.
Expected<size_t, RtpError> extension_section_size(std::span<const HeaderExtension> extensions);

// Writes the extension section into `out`; returns the bytes written.
Expected<size_t, RtpError> write_extension_section(std::span<const HeaderExtension> extensions,
                                                   MutableBytesView out);

}  // namespace zt::rtp
