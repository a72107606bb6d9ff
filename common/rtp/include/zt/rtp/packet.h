// RTP fixed header (RFC 3550 §5.1): parse into a view over the caller's
// buffer, write into a caller's buffer, and rewrite fields in place (what an
// SFU does when it forwards). No allocation, no exceptions; every length is
// checked before it is read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/rtp/error.h"
#include "zt/rtp/header_extension.h"

namespace zt::rtp {

inline constexpr size_t kFixedHeaderSize = 12;
inline constexpr size_t kMaxCsrcCount = 15;
inline constexpr uint8_t kMaxPayloadType = 127;

struct RtpHeader {
  bool marker = false;
  uint8_t payload_type = 0;
  uint16_t sequence = 0;
  uint32_t timestamp = 0;
  uint32_t ssrc = 0;
};

// A parsed packet. Views point into the buffer given to parse(), which must
// outlive this object.
class RtpPacketView {
 public:
  static Expected<RtpPacketView, RtpError> parse(BytesView packet);

  const RtpHeader& header() const { return header_; }
  size_t csrc_count() const { return csrcs_.size() / 4; }
  uint32_t csrc(size_t index) const;  // index < csrc_count()
  bool has_extension() const { return has_extension_; }
  uint16_t extension_profile() const { return extension_profile_; }
  const HeaderExtensionsView& extensions() const { return extensions_; }
  // Bytes before the payload (fixed header, CSRCs, extension section).
  size_t header_size() const { return header_size_; }
  BytesView payload() const { return payload_; }
  size_t padding_size() const { return padding_size_; }

 private:
  RtpHeader header_;
  BytesView csrcs_;
  bool has_extension_ = false;
  uint16_t extension_profile_ = 0;
  HeaderExtensionsView extensions_;
  size_t header_size_ = 0;
  BytesView payload_;
  size_t padding_size_ = 0;
};

// Bytes needed for the header (fixed part, CSRCs, extension section).
Expected<size_t, RtpError> rtp_header_size(std::span<const uint32_t> csrcs,
                                           std::span<const HeaderExtension> extensions);

// Writes the header; the payload goes right after the returned size.
Expected<size_t, RtpError> write_rtp_header(const RtpHeader& header,
                                            std::span<const uint32_t> csrcs,
                                            std::span<const HeaderExtension> extensions,
                                            MutableBytesView out);

// Writes header + payload (no padding); returns the packet size.
Expected<size_t, RtpError> write_rtp_packet(const RtpHeader& header,
                                            std::span<const HeaderExtension> extensions,
                                            BytesView payload, MutableBytesView out);

// In-place rewrites of a packet that already parsed (at least 12 bytes).
Expected<void, RtpError> rewrite_sequence(MutableBytesView packet, uint16_t sequence);
Expected<void, RtpError> rewrite_timestamp(MutableBytesView packet, uint32_t timestamp);
Expected<void, RtpError> rewrite_ssrc(MutableBytesView packet, uint32_t ssrc);
Expected<void, RtpError> rewrite_payload_type(MutableBytesView packet, uint8_t payload_type);

}  // namespace zt::rtp
