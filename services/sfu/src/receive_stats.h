// Reception statistics of one publisher SSRC (RFC 3550 appendix A.3 and
// A.8), from which the SFU writes its receiver reports.
#pragma once

#include <cstdint>

#include "zt/rtcp/report.h"

namespace zt::sfu {

class ReceiveStats {
 public:
  // `arrival` in the stream's clock-rate units.
  void on_packet(uint16_t sequence, uint32_t rtp_timestamp, uint32_t arrival);
  void on_sender_report(uint64_t ntp, uint64_t now_us);
  // A report block for `ssrc`; resets the interval counters.
  rtcp::ReportBlock report(uint32_t ssrc, uint64_t now_us);
  uint64_t received() const { return received_; }

 private:
  bool started_ = false;
  uint16_t max_seq_ = 0;
  uint32_t cycles_ = 0;
  uint32_t base_seq_ = 0;
  uint64_t received_ = 0;
  uint64_t expected_prior_ = 0;
  uint64_t received_prior_ = 0;
  int64_t last_transit_ = 0;
  double jitter_ = 0;
  uint32_t last_sr_ = 0;
  uint64_t last_sr_at_us_ = 0;
};

}  // namespace zt::sfu
