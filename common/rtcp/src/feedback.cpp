#include "zt/rtcp/feedback.h"

#include "wire.h"

namespace zt::rtcp {
namespace {

constexpr uint8_t kRtpfb = static_cast<uint8_t>(PacketType::kTransportFeedback);
constexpr uint8_t kPsfb = static_cast<uint8_t>(PacketType::kPayloadFeedback);

Expected<uint8_t*, RtcpError> start(uint8_t fmt, uint8_t type, uint32_t sender, uint32_t media, size_t size,
                                    MutableBytesView out) {
  if (out.size() < size) return unexpected(RtcpError::kBufferTooSmall);
  uint8_t* p = out.data();
  wire::store_header(p, fmt, type, size);
  wire::store32(p + 4, sender);
  wire::store32(p + 8, media);
  return p + 12;
}

}  // namespace

NackItem Feedback::nack(size_t index) const {
  const uint8_t* p = fci.data() + index * 4;
  return {wire::load16(p), wire::load16(p + 2)};
}

FirItem Feedback::fir(size_t index) const {
  const uint8_t* p = fci.data() + index * 8;
  return {wire::load32(p), p[4]};
}

Expected<Feedback, RtcpError> parse_feedback(const PacketView& part) {
  if (part.type != kRtpfb && part.type != kPsfb) return unexpected(RtcpError::kBadLength);
  if (part.body.size() < 8) return unexpected(RtcpError::kBadLength);
  Feedback f;
  f.sender_ssrc = wire::load32(part.body.data());
  f.media_ssrc = wire::load32(part.body.data() + 4);
  f.fci = part.body.subspan(8);
  if (part.type == kRtpfb && part.count == kFmtGenericNack) {
    if (f.fci.empty() || f.fci.size() % 4 != 0) return unexpected(RtcpError::kBadLength);
    f.kind = FeedbackKind::kNack;
  } else if (part.type == kPsfb && part.count == kFmtPli) {
    f.kind = FeedbackKind::kPli;
  } else if (part.type == kPsfb && part.count == kFmtFir) {
    if (f.fci.empty() || f.fci.size() % 8 != 0) return unexpected(RtcpError::kBadLength);
    f.kind = FeedbackKind::kFir;
  }
  return f;
}

Expected<size_t, RtcpError> write_pli(uint32_t sender_ssrc, uint32_t media_ssrc, MutableBytesView out) {
  auto p = start(kFmtPli, kPsfb, sender_ssrc, media_ssrc, 12, out);
  if (!p) return unexpected(p.error());
  return size_t{12};
}

Expected<size_t, RtcpError> write_fir(uint32_t sender_ssrc, std::span<const FirItem> items, MutableBytesView out) {
  if (items.empty() || items.size() > 1000) return unexpected(RtcpError::kInvalidArgument);
  size_t size = 12 + 8 * items.size();
  auto p = start(kFmtFir, kPsfb, sender_ssrc, 0, size, out);
  if (!p) return unexpected(p.error());
  uint8_t* q = *p;
  for (const auto& item : items) {
    wire::store32(q, item.ssrc);
    q[4] = item.sequence;
    q[5] = q[6] = q[7] = 0;
    q += 8;
  }
  return size;
}

Expected<size_t, RtcpError> write_nack(uint32_t sender_ssrc, uint32_t media_ssrc, std::span<const NackItem> items,
                                       MutableBytesView out) {
  if (items.empty() || items.size() > 1000) return unexpected(RtcpError::kInvalidArgument);
  size_t size = 12 + 4 * items.size();
  auto p = start(kFmtGenericNack, kRtpfb, sender_ssrc, media_ssrc, size, out);
  if (!p) return unexpected(p.error());
  uint8_t* q = *p;
  for (const auto& item : items) {
    wire::store16(q, item.pid);
    wire::store16(q + 2, item.blp);
    q += 4;
  }
  return size;
}

size_t pack_nack_items(std::span<const uint16_t> sequences, std::span<NackItem> out) {
  size_t n = 0;
  for (uint16_t seq : sequences) {
    bool merged = false;
    for (size_t i = 0; i < n && !merged; ++i) {
      uint16_t delta = static_cast<uint16_t>(seq - out[i].pid);
      if (delta == 0) merged = true;
      else if (delta <= 16) {
        out[i].blp = static_cast<uint16_t>(out[i].blp | (1u << (delta - 1)));
        merged = true;
      }
    }
    if (!merged && n < out.size()) out[n++] = {seq, 0};
  }
  return n;
}

void rewrite_sender_ssrc(MutableBytesView part, uint32_t ssrc) {
  if (part.size() >= 8) wire::store32(part.data() + 4, ssrc);
}

void rewrite_media_ssrc(MutableBytesView part, uint32_t ssrc) {
  if (part.size() >= 12) wire::store32(part.data() + 8, ssrc);
}

void rewrite_fir_ssrc(MutableBytesView part, size_t index, uint32_t ssrc) {
  size_t off = 12 + index * 8;
  if (part.size() >= off + 4) wire::store32(part.data() + off, ssrc);
}

}  // namespace zt::rtcp
