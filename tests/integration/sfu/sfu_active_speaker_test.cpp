// Active speaker through the real SFU (gRPC on port 0, one UDP worker on
// loopback): two publishers send audio with RFC 6464 levels, one loud and
// one quiet; the subscriber's Events stream announces the loud one as the
// dominant speaker, and with sfu.audio_last_n = 1 only its audio arrives.
#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "sfu_test_server.h"
#include "zt/rtp/audio_level.h"
#include "zt/rtp/packet.h"

namespace zt::sfu {
namespace {

Bytes audio_packet(uint32_t ssrc, uint16_t seq, uint8_t level) {
  rtp::RtpHeader h;
  h.payload_type = 111;
  h.sequence = seq;
  h.timestamp = seq * 960u;
  h.ssrc = ssrc;
  std::array<uint8_t, 1> byte{};
  (void)rtp::write_audio_level(rtp::AudioLevel{true, level}, byte);
  std::array<rtp::HeaderExtension, 1> exts{rtp::HeaderExtension{rtp::kAudioLevelExtensionId, byte}};
  std::array<uint8_t, 256> buf{};
  Bytes payload(60, 0x42);
  auto n = rtp::write_rtp_packet(h, exts, payload, buf);
  return Bytes(buf.begin(), buf.begin() + static_cast<long>(*n));
}

TEST(SfuActiveSpeakerUdp, LoudPublisherIsDominantAndAloneForwarded) {
  testing::InProcessOptions options;
  options.app.router.speakers.last_n = 1;
  testing::InProcessSfu sfu(nullptr, options);
  loadgen::UdpSocket loud_sock, quiet_sock, sub_sock;
  loadgen::SfuClient loud(sfu.channel, loud_sock), quiet(sfu.channel, quiet_sock), sub(sfu.channel, sub_sock);
  loud.join("m1", sfu.grant("m1", "loud"));
  quiet.join("m1", sfu.grant("m1", "quiet"));
  sub.join("m1", sfu.grant("m1", "sub"));
  ASSERT_TRUE(loud.bind());
  ASSERT_TRUE(quiet.bind());
  ASSERT_TRUE(sub.bind());
  grpc::ClientContext events_ctx;
  v1::EventsRequest events_req;
  events_req.set_session_id(sub.session().session_id());
  auto events = sub.stub().Events(&events_ctx, events_req);
  v1::Track loud_track = loud.publish(v1::TRACK_KIND_AUDIO, {8001});
  v1::Track quiet_track = quiet.publish(v1::TRACK_KIND_AUDIO, {8002});
  std::map<uint32_t, uint32_t> track_of_ssrc;
  for (const auto& s : sub.subscribe_all(0)) track_of_ssrc[s.ssrc()] = s.track().track_id();
  ASSERT_EQ(track_of_ssrc.size(), 2u);

  std::map<uint32_t, size_t> late_packets;  // per track, in the second half
  for (uint16_t seq = 1; seq <= 75; ++seq) {  // 1.5 s at 20 ms
    loud_sock.send_to(loud.sfu_address(), audio_packet(8001, seq, 20));
    quiet_sock.send_to(quiet.sfu_address(), audio_packet(8002, seq, 60));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    while (sub_sock.wait_readable(0)) {
      for (const auto& d : sub_sock.receive()) {
        auto p = rtp::RtpPacketView::parse(d.bytes);
        if (p && seq > 40) ++late_packets[track_of_ssrc[p->header().ssrc]];
      }
    }
  }
  v1::Event ev;
  bool announced = false;
  while (!announced && events->Read(&ev)) {
    if (ev.has_dominant_speaker()) {
      EXPECT_EQ(ev.dominant_speaker().track_id(), loud_track.track_id());
      announced = true;
    }
  }
  EXPECT_TRUE(announced);
  EXPECT_GT(late_packets[loud_track.track_id()], 20u);
  EXPECT_EQ(late_packets[quiet_track.track_id()], 0u);
  EXPECT_GT(sfu.router.counters().dropped(DropReason::kNotLoudest), 0u);
  events_ctx.TryCancel();
}

}  // namespace
}  // namespace zt::sfu
