// Fuzzes the RTP parser, header-extension walker, frame-marking and
// audio-level (RFC 6464) parsers and the frame assembler. Parsed views must stay inside the input.
#include <cstdint>

#include "zt/rtp/audio_level.h"
#include "zt/rtp/frame_assembler.h"
#include "zt/rtp/frame_marking.h"
#include "zt/rtp/packet.h"

namespace {

void check_inside(zt::BytesView outer, zt::BytesView inner) {
  if (inner.empty()) return;
  if (inner.data() < outer.data() || inner.data() + inner.size() > outer.data() + outer.size()) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  zt::BytesView input(data, size);
  auto packet = zt::rtp::RtpPacketView::parse(input);
  if (!packet) return 0;
  check_inside(input, packet->payload());
  if (packet->header_size() + packet->payload().size() + packet->padding_size() != size) {
    __builtin_trap();
  }
  for (size_t i = 0; i < packet->csrc_count(); ++i) (void)packet->csrc(i);
  packet->extensions().for_each([&](const zt::rtp::HeaderExtension& e) {
    check_inside(input, e.data);
    (void)zt::rtp::parse_frame_marking(e.data);
    if (auto level = zt::rtp::parse_audio_level(e.data); level && level->level > zt::rtp::kAudioLevelSilence) {
      __builtin_trap();
    }
  });
  static zt::rtp::FrameAssembler assembler(zt::rtp::AssemblerConfig{1 << 16, 64});
  auto frame = assembler.push(*packet);
  if (frame && frame->has_value() && (*frame)->data.size() > (1 << 16)) __builtin_trap();
  return 0;
}
