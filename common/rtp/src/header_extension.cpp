#include "zt/rtp/header_extension.h"

#include <cstring>

#include "zt/rtp/big_endian.h"

namespace zt::rtp {
namespace {

constexpr uint8_t kOneByteStopId = 15;

bool fits_one_byte(const HeaderExtension& e) {
  return e.id >= 1 && e.id <= kOneByteMaxId && !e.data.empty() && e.data.size() <= kOneByteMaxSize;
}

bool fits_two_byte(const HeaderExtension& e) {
  return e.id >= 1 && e.data.size() <= kTwoByteMaxSize;
}

Expected<ExtensionForm, RtpError> choose_form(std::span<const HeaderExtension> extensions) {
  bool one_byte = true;
  for (const auto& e : extensions) {
    if (!fits_two_byte(e)) return unexpected(RtpError::kInvalidArgument);
    one_byte = one_byte && fits_one_byte(e);
  }
  return one_byte ? ExtensionForm::kOneByte : ExtensionForm::kTwoByte;
}

size_t elements_size(std::span<const HeaderExtension> extensions, ExtensionForm form) {
  size_t header = form == ExtensionForm::kOneByte ? 1 : 2;
  size_t total = 0;
  for (const auto& e : extensions) total += header + e.data.size();
  return total;
}

}  // namespace

Expected<HeaderExtensionsView, RtpError> HeaderExtensionsView::parse(uint16_t profile,
                                                                     BytesView block) {
  HeaderExtensionsView view;
  if (profile == kOneByteProfile) {
    view.form_ = ExtensionForm::kOneByte;
  } else if ((profile & kTwoByteProfileMask) == kTwoByteProfile) {
    view.form_ = ExtensionForm::kTwoByte;
  } else {
    return view;
  }
  // Validate every element length against the block before anyone reads it.
  size_t pos = 0;
  while (pos < block.size()) {
    uint8_t first = block[pos];
    if (first == 0) {
      ++pos;  // padding
      continue;
    }
    size_t len = 0;
    size_t header = 1;
    if (*view.form_ == ExtensionForm::kOneByte) {
      if ((first >> 4) == kOneByteStopId) break;
      len = static_cast<size_t>(first & 0x0F) + 1;
    } else {
      if (pos + 1 >= block.size()) return unexpected(RtpError::kBadExtension);
      len = block[pos + 1];
      header = 2;
    }
    if (block.size() - pos < header + len) return unexpected(RtpError::kBadExtension);
    pos += header + len;
  }
  view.block_ = block;
  return view;
}

bool HeaderExtensionsView::next(size_t& pos, HeaderExtension& out) const {
  while (pos < block_.size() && block_[pos] == 0) ++pos;
  if (pos >= block_.size() || !form_) return false;
  uint8_t first = block_[pos];
  if (*form_ == ExtensionForm::kOneByte) {
    if ((first >> 4) == kOneByteStopId) return false;
    size_t len = static_cast<size_t>(first & 0x0F) + 1;
    out = {static_cast<uint8_t>(first >> 4), block_.subspan(pos + 1, len)};
    pos += 1 + len;
  } else {
    size_t len = block_[pos + 1];
    out = {first, block_.subspan(pos + 2, len)};
    pos += 2 + len;
  }
  return true;
}

std::optional<BytesView> HeaderExtensionsView::find(uint8_t id) const {
  size_t pos = 0;
  HeaderExtension ext;
  while (next(pos, ext)) {
    if (ext.id == id) return ext.data;
  }
  return std::nullopt;
}

Expected<size_t, RtpError> extension_section_size(std::span<const HeaderExtension> extensions) {
  if (extensions.empty()) return size_t{0};
  auto form = choose_form(extensions);
  if (!form) return unexpected(form.error());
  size_t body = elements_size(extensions, *form);
  size_t padded = (body + 3) / 4 * 4;
  if (padded / 4 > 0xFFFF) return unexpected(RtpError::kInvalidArgument);
  return 4 + padded;
}

Expected<size_t, RtpError> write_extension_section(std::span<const HeaderExtension> extensions,
                                                   MutableBytesView out) {
  auto total = extension_section_size(extensions);
  if (!total) return total;
  if (*total == 0) return size_t{0};
  if (out.size() < *total) return unexpected(RtpError::kBufferTooSmall);
  ExtensionForm form = choose_form(extensions).value();
  uint8_t* p = out.data();
  store_be16(p, form == ExtensionForm::kOneByte ? kOneByteProfile : kTwoByteProfile);
  store_be16(p + 2, static_cast<uint16_t>((*total - 4) / 4));
  size_t pos = 4;
  for (const auto& e : extensions) {
    if (form == ExtensionForm::kOneByte) {
      p[pos++] = static_cast<uint8_t>((e.id << 4) | (e.data.size() - 1));
    } else {
      p[pos++] = e.id;
      p[pos++] = static_cast<uint8_t>(e.data.size());
    }
    if (!e.data.empty()) std::memcpy(p + pos, e.data.data(), e.data.size());
    pos += e.data.size();
  }
  std::memset(p + pos, 0, *total - pos);
  return *total;
}

}  // namespace zt::rtp
