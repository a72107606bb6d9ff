// Sender and receiver reports (RFC 3550 sections 6.4.1, 6.4.2).
#pragma once

#include <cstdint>
#include <span>

#include "zt/base/bytes.h"
#include "zt/base/expected.h"
#include "zt/rtcp/packet.h"

namespace zt::rtcp {

struct ReportBlock {
  uint32_t ssrc = 0;
  uint8_t fraction_lost = 0;
  int32_t cumulative_lost = 0;  // 24-bit signed on the wire
  uint32_t highest_sequence = 0;
  uint32_t jitter = 0;
  uint32_t last_sr = 0;
  uint32_t delay_since_last_sr = 0;

  bool operator==(const ReportBlock&) const = default;
};

struct SenderInfo {
  uint64_t ntp_timestamp = 0;
  uint32_t rtp_timestamp = 0;
  uint32_t packet_count = 0;
  uint32_t octet_count = 0;

  bool operator==(const SenderInfo&) const = default;
};

struct Report {
  uint32_t ssrc = 0;
  bool is_sender = false;
  SenderInfo sender;      // valid when is_sender
  BytesView blocks;       // report_count() * 24 bytes

  size_t report_count() const { return blocks.size() / kReportBlockSize; }
  ReportBlock block(size_t index) const;  // index < report_count()
};

// Parses an SR (type 200) or RR (type 201) part.
Expected<Report, RtcpError> parse_report(const PacketView& part);

// Writers return the number of bytes written to `out`.
Expected<size_t, RtcpError> write_sender_report(uint32_t ssrc, const SenderInfo& info,
                                                std::span<const ReportBlock> blocks, MutableBytesView out);
Expected<size_t, RtcpError> write_receiver_report(uint32_t ssrc, std::span<const ReportBlock> blocks,
                                                  MutableBytesView out);

}  // namespace zt::rtcp
