#include "zt/rtp/packet.h"

#include <cstring>

#include "zt/rtp/big_endian.h"

namespace zt::rtp {
namespace {

constexpr uint8_t kVersion = 2;

// Reads the optional extension section at `pos`; advances pos past it.
Expected<void, RtpError> parse_extension(BytesView packet, size_t& pos, uint16_t& profile,
                                         HeaderExtensionsView& view) {
  if (packet.size() - pos < 4) return unexpected(RtpError::kTruncated);
  profile = load_be16(packet.data() + pos);
  size_t length = size_t{load_be16(packet.data() + pos + 2)} * 4;
  pos += 4;
  if (packet.size() - pos < length) return unexpected(RtpError::kTruncated);
  auto parsed = HeaderExtensionsView::parse(profile, packet.subspan(pos, length));
  if (!parsed) return unexpected(parsed.error());
  view = *parsed;
  pos += length;
  return {};
}

}  // namespace

Expected<RtpPacketView, RtpError> RtpPacketView::parse(BytesView packet) {
  if (packet.size() < kFixedHeaderSize) return unexpected(RtpError::kTruncated);
  const uint8_t* p = packet.data();
  if ((p[0] >> 6) != kVersion) return unexpected(RtpError::kBadVersion);
  bool padding = (p[0] & 0x20) != 0;
  RtpPacketView view;
  view.has_extension_ = (p[0] & 0x10) != 0;
  size_t csrc_count = p[0] & 0x0F;
  view.header_.marker = (p[1] & 0x80) != 0;
  view.header_.payload_type = p[1] & 0x7F;
  view.header_.sequence = load_be16(p + 2);
  view.header_.timestamp = load_be32(p + 4);
  view.header_.ssrc = load_be32(p + 8);
  size_t pos = kFixedHeaderSize;
  if (packet.size() - pos < csrc_count * 4) return unexpected(RtpError::kTruncated);
  view.csrcs_ = packet.subspan(pos, csrc_count * 4);
  pos += csrc_count * 4;
  if (view.has_extension_) {
    auto ok = parse_extension(packet, pos, view.extension_profile_, view.extensions_);
    if (!ok) return unexpected(ok.error());
  }
  size_t end = packet.size();
  if (padding) {
    size_t count = packet[end - 1];
    if (count == 0 || count > end - pos) return unexpected(RtpError::kBadPadding);
    view.padding_size_ = count;
    end -= count;
  }
  view.header_size_ = pos;
  view.payload_ = packet.subspan(pos, end - pos);
  return view;
}

uint32_t RtpPacketView::csrc(size_t index) const { return load_be32(csrcs_.data() + index * 4); }

Expected<size_t, RtpError> rtp_header_size(std::span<const uint32_t> csrcs,
                                           std::span<const HeaderExtension> extensions) {
  if (csrcs.size() > kMaxCsrcCount) return unexpected(RtpError::kInvalidArgument);
  auto ext = extension_section_size(extensions);
  if (!ext) return ext;
  return kFixedHeaderSize + csrcs.size() * 4 + *ext;
}

Expected<size_t, RtpError> write_rtp_header(const RtpHeader& header,
                                            std::span<const uint32_t> csrcs,
                                            std::span<const HeaderExtension> extensions,
                                            MutableBytesView out) {
  if (header.payload_type > kMaxPayloadType) return unexpected(RtpError::kInvalidArgument);
  auto size = rtp_header_size(csrcs, extensions);
  if (!size) return size;
  if (out.size() < *size) return unexpected(RtpError::kBufferTooSmall);
  uint8_t* p = out.data();
  p[0] = static_cast<uint8_t>((kVersion << 6) | (extensions.empty() ? 0 : 0x10) | csrcs.size());
  p[1] = static_cast<uint8_t>((header.marker ? 0x80 : 0) | header.payload_type);
  store_be16(p + 2, header.sequence);
  store_be32(p + 4, header.timestamp);
  store_be32(p + 8, header.ssrc);
  size_t pos = kFixedHeaderSize;
  for (uint32_t csrc : csrcs) {
    store_be32(p + pos, csrc);
    pos += 4;
  }
  auto ext = write_extension_section(extensions, out.subspan(pos));
  if (!ext) return ext;
  return pos + *ext;
}

Expected<size_t, RtpError> write_rtp_packet(const RtpHeader& header,
                                            std::span<const HeaderExtension> extensions,
                                            BytesView payload, MutableBytesView out) {
  auto size = write_rtp_header(header, {}, extensions, out);
  if (!size) return size;
  if (out.size() - *size < payload.size()) return unexpected(RtpError::kBufferTooSmall);
  if (!payload.empty()) std::memcpy(out.data() + *size, payload.data(), payload.size());
  return *size + payload.size();
}

Expected<void, RtpError> rewrite_sequence(MutableBytesView packet, uint16_t sequence) {
  if (packet.size() < kFixedHeaderSize) return unexpected(RtpError::kTruncated);
  store_be16(packet.data() + 2, sequence);
  return {};
}

Expected<void, RtpError> rewrite_timestamp(MutableBytesView packet, uint32_t timestamp) {
  if (packet.size() < kFixedHeaderSize) return unexpected(RtpError::kTruncated);
  store_be32(packet.data() + 4, timestamp);
  return {};
}

Expected<void, RtpError> rewrite_ssrc(MutableBytesView packet, uint32_t ssrc) {
  if (packet.size() < kFixedHeaderSize) return unexpected(RtpError::kTruncated);
  store_be32(packet.data() + 8, ssrc);
  return {};
}

Expected<void, RtpError> rewrite_payload_type(MutableBytesView packet, uint8_t payload_type) {
  if (packet.size() < kFixedHeaderSize) return unexpected(RtpError::kTruncated);
  if (payload_type > kMaxPayloadType) return unexpected(RtpError::kInvalidArgument);
  packet[1] = static_cast<uint8_t>((packet[1] & 0x80) | payload_type);
  return {};
}

}  // namespace zt::rtp
