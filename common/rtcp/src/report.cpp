#include "zt/rtcp/report.h"

#include "wire.h"

namespace zt::rtcp {
namespace {

constexpr size_t kSenderInfoSize = 20;

void store_block(uint8_t* p, const ReportBlock& b) {
  wire::store32(p, b.ssrc);
  p[4] = b.fraction_lost;
  uint32_t lost = static_cast<uint32_t>(b.cumulative_lost) & 0xFFFFFF;
  p[5] = static_cast<uint8_t>(lost >> 16);
  p[6] = static_cast<uint8_t>(lost >> 8);
  p[7] = static_cast<uint8_t>(lost);
  wire::store32(p + 8, b.highest_sequence);
  wire::store32(p + 12, b.jitter);
  wire::store32(p + 16, b.last_sr);
  wire::store32(p + 20, b.delay_since_last_sr);
}

Expected<size_t, RtcpError> write_report(uint8_t type, uint32_t ssrc, const SenderInfo* info,
                                         std::span<const ReportBlock> blocks, MutableBytesView out) {
  if (blocks.size() > 31) return unexpected(RtcpError::kInvalidArgument);
  size_t size = 8 + (info ? kSenderInfoSize : 0) + blocks.size() * kReportBlockSize;
  if (out.size() < size) return unexpected(RtcpError::kBufferTooSmall);
  uint8_t* p = out.data();
  wire::store_header(p, static_cast<uint8_t>(blocks.size()), type, size);
  wire::store32(p + 4, ssrc);
  p += 8;
  if (info) {
    wire::store32(p, static_cast<uint32_t>(info->ntp_timestamp >> 32));
    wire::store32(p + 4, static_cast<uint32_t>(info->ntp_timestamp));
    wire::store32(p + 8, info->rtp_timestamp);
    wire::store32(p + 12, info->packet_count);
    wire::store32(p + 16, info->octet_count);
    p += kSenderInfoSize;
  }
  for (const auto& b : blocks) {
    store_block(p, b);
    p += kReportBlockSize;
  }
  return size;
}

}  // namespace

ReportBlock Report::block(size_t index) const {
  const uint8_t* p = blocks.data() + index * kReportBlockSize;
  ReportBlock b;
  b.ssrc = wire::load32(p);
  b.fraction_lost = p[4];
  uint32_t lost = uint32_t{p[5]} << 16 | uint32_t{p[6]} << 8 | p[7];
  b.cumulative_lost = (lost & 0x800000) ? static_cast<int32_t>(lost | 0xFF000000u) : static_cast<int32_t>(lost);
  b.highest_sequence = wire::load32(p + 8);
  b.jitter = wire::load32(p + 12);
  b.last_sr = wire::load32(p + 16);
  b.delay_since_last_sr = wire::load32(p + 20);
  return b;
}

Expected<Report, RtcpError> parse_report(const PacketView& part) {
  bool sender = part.type == static_cast<uint8_t>(PacketType::kSenderReport);
  if (!sender && part.type != static_cast<uint8_t>(PacketType::kReceiverReport)) {
    return unexpected(RtcpError::kBadLength);
  }
  size_t fixed = 4 + (sender ? kSenderInfoSize : 0);
  size_t blocks = size_t{part.count} * kReportBlockSize;
  if (part.body.size() < fixed + blocks) return unexpected(RtcpError::kBadLength);
  const uint8_t* p = part.body.data();
  Report r;
  r.ssrc = wire::load32(p);
  r.is_sender = sender;
  if (sender) {
    r.sender.ntp_timestamp = uint64_t{wire::load32(p + 4)} << 32 | wire::load32(p + 8);
    r.sender.rtp_timestamp = wire::load32(p + 12);
    r.sender.packet_count = wire::load32(p + 16);
    r.sender.octet_count = wire::load32(p + 20);
  }
  r.blocks = part.body.subspan(fixed, blocks);
  return r;
}

Expected<size_t, RtcpError> write_sender_report(uint32_t ssrc, const SenderInfo& info,
                                                std::span<const ReportBlock> blocks, MutableBytesView out) {
  return write_report(static_cast<uint8_t>(PacketType::kSenderReport), ssrc, &info, blocks, out);
}

Expected<size_t, RtcpError> write_receiver_report(uint32_t ssrc, std::span<const ReportBlock> blocks,
                                                  MutableBytesView out) {
  return write_report(static_cast<uint8_t>(PacketType::kReceiverReport), ssrc, nullptr, blocks, out);
}

}  // namespace zt::rtcp
