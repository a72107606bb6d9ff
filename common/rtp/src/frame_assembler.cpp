#include "zt/rtp/frame_assembler.h"

#include <algorithm>
#include <cstring>

namespace zt::rtp {
namespace {

// RFC 1982 serial-number comparison of 32-bit RTP timestamps.
bool is_older(uint32_t a, uint32_t b) { return static_cast<int32_t>(a - b) < 0; }

}  // namespace

FrameAssembler::FrameAssembler(AssemblerConfig config)
    : config_(config), staging_(config.max_frame_size), frame_(config.max_frame_size) {
  fragments_.reserve(config.max_packets_per_frame);
}

void FrameAssembler::start_frame(uint32_t timestamp, uint32_t ssrc) {
  active_ = true;
  timestamp_ = timestamp;
  ssrc_ = ssrc;
  first_sequence_.reset();
  last_sequence_.reset();
  fragments_.clear();
  staged_ = 0;
}

void FrameAssembler::abandon_frame() {
  if (active_) ++frames_dropped_;
  active_ = false;
  last_finished_timestamp_ = timestamp_;
}

Expected<void, RtpError> FrameAssembler::add_fragment(uint16_t sequence, BytesView payload) {
  for (const auto& f : fragments_) {
    if (f.sequence == sequence) return unexpected(RtpError::kDuplicatePacket);
  }
  if (fragments_.size() >= config_.max_packets_per_frame ||
      staging_.size() - staged_ < payload.size()) {
    abandon_frame();
    return unexpected(RtpError::kFrameTooLarge);
  }
  if (!payload.empty()) std::memcpy(staging_.data() + staged_, payload.data(), payload.size());
  fragments_.push_back({sequence, staged_, payload.size()});
  staged_ += payload.size();
  return {};
}

std::optional<AssembledFrame> FrameAssembler::try_complete() {
  if (!first_sequence_ || !last_sequence_) return std::nullopt;
  uint16_t first = *first_sequence_;
  size_t expected = static_cast<uint16_t>(*last_sequence_ - first) + size_t{1};
  if (fragments_.size() < expected) return std::nullopt;
  auto distance = [first](const Fragment& f) { return static_cast<uint16_t>(f.sequence - first); };
  std::sort(fragments_.begin(), fragments_.end(),
            [&](const Fragment& a, const Fragment& b) { return distance(a) < distance(b); });
  if (fragments_.size() != expected || distance(fragments_.back()) + size_t{1} != expected) {
    abandon_frame();  // packets outside [first, last]: inconsistent stream
    return std::nullopt;
  }
  size_t size = 0;
  for (const auto& f : fragments_) {
    std::memcpy(frame_.data() + size, staging_.data() + f.offset, f.size);
    size += f.size;
  }
  active_ = false;
  last_finished_timestamp_ = timestamp_;
  ++frames_completed_;
  return AssembledFrame{timestamp_, ssrc_, first_marking_, BytesView(frame_.data(), size)};
}

Expected<std::optional<AssembledFrame>, RtpError> FrameAssembler::push(
    const RtpPacketView& packet) {
  auto data = packet.extensions().find(config_.frame_marking_id);
  if (!data) return unexpected(RtpError::kMissingFrameMarking);
  auto marking = parse_frame_marking(*data);
  if (!marking) return unexpected(marking.error());
  const RtpHeader& h = packet.header();
  if (active_ && h.timestamp != timestamp_) {
    if (is_older(h.timestamp, timestamp_)) return unexpected(RtpError::kLatePacket);
    abandon_frame();
  }
  if (!active_) {
    if (last_finished_timestamp_ && !is_older(*last_finished_timestamp_, h.timestamp)) {
      return unexpected(RtpError::kLatePacket);
    }
    start_frame(h.timestamp, h.ssrc);
  }
  auto added = add_fragment(h.sequence, packet.payload());
  if (!added) return unexpected(added.error());
  if (marking->start_of_frame) {
    first_sequence_ = h.sequence;
    first_marking_ = *marking;
  }
  if (marking->end_of_frame || h.marker) last_sequence_ = h.sequence;
  return try_complete();
}

}  // namespace zt::rtp
