// Feedback messages (RFC 4585 section 6, RFC 5104 section 4.3.1): Generic
// NACK, PLI and FIR, plus in-place SSRC rewrites for an SFU mapping
// feedback from a subscriber back to the publisher.
#pragma once

#include <cstdint>
#include <span>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/rtcp/packet.h"

namespace zt::rtcp {

struct NackItem {
  uint16_t pid = 0;  // first lost sequence number
  uint16_t blp = 0;  // bitmask of the 16 following losses

  bool operator==(const NackItem&) const = default;
};

struct FirItem {
  uint32_t ssrc = 0;
  uint8_t sequence = 0;

  bool operator==(const FirItem&) const = default;
};

enum class FeedbackKind : uint8_t { kNack, kPli, kFir, kOther };

struct Feedback {
  FeedbackKind kind = FeedbackKind::kOther;
  uint32_t sender_ssrc = 0;
  uint32_t media_ssrc = 0;
  BytesView fci;

  size_t nack_count() const { return kind == FeedbackKind::kNack ? fci.size() / 4 : 0; }
  NackItem nack(size_t index) const;  // index < nack_count()
  size_t fir_count() const { return kind == FeedbackKind::kFir ? fci.size() / 8 : 0; }
  FirItem fir(size_t index) const;    // index < fir_count()

  // Calls fn(uint16_t sequence) for every sequence number a NACK asks for.
  template <class Fn>
  void for_each_nacked(Fn&& fn) const {
    for (size_t i = 0; i < nack_count(); ++i) {
      NackItem item = nack(i);
      fn(item.pid);
      for (int bit = 0; bit < 16; ++bit) {
        if (item.blp & (1u << bit)) fn(static_cast<uint16_t>(item.pid + bit + 1));
      }
    }
  }
};

// Parses an RTPFB (205) or PSFB (206) part.
Expected<Feedback, RtcpError> parse_feedback(const PacketView& part);

Expected<size_t, RtcpError> write_pli(uint32_t sender_ssrc, uint32_t media_ssrc, MutableBytesView out);
Expected<size_t, RtcpError> write_fir(uint32_t sender_ssrc, std::span<const FirItem> items, MutableBytesView out);
Expected<size_t, RtcpError> write_nack(uint32_t sender_ssrc, uint32_t media_ssrc,
                                       std::span<const NackItem> items, MutableBytesView out);

// Packs sorted-or-not sequence numbers into NACK items (at most out.size());
// returns how many items were written.
size_t pack_nack_items(std::span<const uint16_t> sequences, std::span<NackItem> out);

// In place: the SSRC fields of one part (`part` is its raw bytes).
void rewrite_sender_ssrc(MutableBytesView part, uint32_t ssrc);  // SR/RR/feedback sender
void rewrite_media_ssrc(MutableBytesView part, uint32_t ssrc);   // feedback media source
void rewrite_fir_ssrc(MutableBytesView part, size_t index, uint32_t ssrc);

}  // namespace zt::rtcp
