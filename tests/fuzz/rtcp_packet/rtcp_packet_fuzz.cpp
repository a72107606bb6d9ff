// Any bytes: walk them as a compound RTCP packet and read every part the
// SFU acts on (reports, NACK, PLI, FIR). Must never crash or overrun.
#include <cstdint>

#include "zt/rtcp/feedback.h"
#include "zt/rtcp/report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zt::BytesView in(data, size);
  (void)zt::rtcp::looks_like_rtcp(in);
  zt::rtcp::CompoundReader reader(in);
  zt::rtcp::PacketView part;
  uint64_t sink = 0;
  while (reader.next(part)) {
    if (auto r = zt::rtcp::parse_report(part)) {
      for (size_t i = 0; i < r->report_count(); ++i) sink += r->block(i).highest_sequence;
    } else if (auto f = zt::rtcp::parse_feedback(part)) {
      f->for_each_nacked([&](uint16_t s) { sink += s; });
      for (size_t i = 0; i < f->fir_count(); ++i) sink += f->fir(i).ssrc;
    }
  }
  return static_cast<int>(sink & 0);
}
