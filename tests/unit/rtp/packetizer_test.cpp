#include "zt/rtp/packetizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "zt/rtp/frame_assembler.h"

namespace zt::rtp {
namespace {

Bytes make_frame(size_t size, uint8_t seed) {
  Bytes frame(size);
  for (size_t i = 0; i < size; ++i) frame[i] = static_cast<uint8_t>(seed + i * 7);
  return frame;
}

std::vector<Bytes> packetize(VideoPacketizer& p, BytesView frame, uint32_t ts,
                             const FrameInfo& info) {
  std::vector<Bytes> packets;
  auto n = p.packetize(frame, ts, info,
                       [&](BytesView pkt) { packets.emplace_back(pkt.begin(), pkt.end()); });
  EXPECT_TRUE(n);
  return packets;
}

PacketizerConfig config(size_t mtu) {
  PacketizerConfig c;
  c.mtu = mtu;
  c.ssrc = 0x1234;
  c.first_sequence = 65534;  // exercise wrap-around
  return c;
}

TEST(VideoPacketizer, SplitsAtMtuWithMarkerAndFrameMarking) {
  VideoPacketizer p(config(200));
  Bytes frame = make_frame(1000, 1);
  FrameInfo info;
  info.key_frame = true;
  info.temporal_id = 2;
  info.layer_id = 1;
  info.tl0_pic_idx = 9;
  auto packets = packetize(p, frame, 3000, info);
  ASSERT_EQ(packets.size(), p.packet_count(1000));
  ASSERT_EQ(packets.size(), 6u);  // 180 payload bytes per packet
  Bytes joined;
  for (size_t i = 0; i < packets.size(); ++i) {
    EXPECT_LE(packets[i].size(), 200u);
    auto v = RtpPacketView::parse(packets[i]);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->header().sequence, static_cast<uint16_t>(65534 + i));
    EXPECT_EQ(v->header().timestamp, 3000u);
    EXPECT_EQ(v->header().ssrc, 0x1234u);
    EXPECT_EQ(v->header().marker, i + 1 == packets.size());
    auto fm = parse_frame_marking(*v->extensions().find(kFrameMarkingExtensionId));
    ASSERT_TRUE(fm);
    EXPECT_EQ(fm->start_of_frame, i == 0);
    EXPECT_EQ(fm->end_of_frame, i + 1 == packets.size());
    EXPECT_TRUE(fm->independent);
    EXPECT_EQ(fm->temporal_id, 2);
    EXPECT_EQ(fm->layer_id, 1);
    EXPECT_EQ(fm->tl0_pic_idx, 9);
    joined.insert(joined.end(), v->payload().begin(), v->payload().end());
  }
  EXPECT_EQ(joined, frame);
}

TEST(VideoPacketizer, SmallFrameIsOnePacketWithStartAndEnd) {
  VideoPacketizer p(config(1200));
  auto packets = packetize(p, make_frame(50, 3), 1, {});
  ASSERT_EQ(packets.size(), 1u);
  auto v = RtpPacketView::parse(packets[0]);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->header().marker);
  auto fm = parse_frame_marking(*v->extensions().find(kFrameMarkingExtensionId));
  EXPECT_TRUE(fm->start_of_frame && fm->end_of_frame);
}

TEST(VideoPacketizer, RejectsEmptyFrameAndTinyMtu) {
  VideoPacketizer p(config(1200));
  EXPECT_FALSE(p.packetize({}, 1, {}, [](BytesView) {}));
  VideoPacketizer tiny(config(20));
  Bytes frame{1};
  EXPECT_FALSE(tiny.packetize(frame, 1, {}, [](BytesView) {}));
}

TEST(FrameAssembler, ReassemblesReorderedPackets) {
  VideoPacketizer p(config(300));
  FrameAssembler a;
  std::mt19937 rng(7);
  for (uint32_t f = 0; f < 20; ++f) {
    Bytes frame = make_frame(100 + f * 211, static_cast<uint8_t>(f));
    auto packets = packetize(p, frame, f * 3000, {});
    std::shuffle(packets.begin(), packets.end(), rng);
    for (size_t i = 0; i < packets.size(); ++i) {
      auto v = RtpPacketView::parse(packets[i]);
      ASSERT_TRUE(v);
      auto out = a.push(*v);
      ASSERT_TRUE(out);
      if (i + 1 < packets.size()) {
        EXPECT_FALSE(out->has_value());
        continue;
      }
      ASSERT_TRUE(out->has_value());
      EXPECT_EQ(Bytes((*out)->data.begin(), (*out)->data.end()), frame);
      EXPECT_EQ((*out)->timestamp, f * 3000);
      EXPECT_TRUE((*out)->marking.start_of_frame);
    }
  }
  EXPECT_EQ(a.frames_completed(), 20u);
  EXPECT_EQ(a.frames_dropped(), 0u);
}

TEST(FrameAssembler, LostPacketLosesOnlyThatFrame) {
  VideoPacketizer p(config(300));
  FrameAssembler a;
  Bytes first = make_frame(900, 1);
  Bytes second = make_frame(700, 2);
  auto p1 = packetize(p, first, 100, {});
  auto p2 = packetize(p, second, 200, {});
  ASSERT_GT(p1.size(), 2u);
  p1.erase(p1.begin() + 1);  // lose a middle packet of the first frame
  for (const auto& pkt : p1) {
    auto out = a.push(*RtpPacketView::parse(pkt));
    ASSERT_TRUE(out);
    EXPECT_FALSE(out->has_value());
  }
  std::optional<Bytes> got;
  for (const auto& pkt : p2) {
    auto out = a.push(*RtpPacketView::parse(pkt));
    ASSERT_TRUE(out);
    if (out->has_value()) got = Bytes((*out)->data.begin(), (*out)->data.end());
  }
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, second);
  EXPECT_EQ(a.frames_dropped(), 1u);
  // A straggler of the abandoned frame is refused, not mixed into a new one.
  Bytes straggler = packetize(p, first, 100, {})[0];
  EXPECT_EQ(a.push(*RtpPacketView::parse(straggler)).error(), RtpError::kLatePacket);
}

TEST(FrameAssembler, RejectsDuplicatesAndUnmarkedPackets) {
  VideoPacketizer p(config(300));
  FrameAssembler a;
  auto packets = packetize(p, make_frame(900, 4), 100, {});
  ASSERT_TRUE(a.push(*RtpPacketView::parse(packets[0])));
  EXPECT_EQ(a.push(*RtpPacketView::parse(packets[0])).error(), RtpError::kDuplicatePacket);
  Bytes plain(64);
  RtpHeader h{true, 96, 1, 100, 1};
  auto n = write_rtp_packet(h, {}, make_frame(10, 0), plain);
  ASSERT_TRUE(n);
  auto v = RtpPacketView::parse(BytesView(plain.data(), *n));
  EXPECT_EQ(a.push(*v).error(), RtpError::kMissingFrameMarking);
}

TEST(FrameAssembler, RefusesFramesOverTheLimit) {
  VideoPacketizer p(config(300));
  AssemblerConfig small;
  small.max_frame_size = 500;
  FrameAssembler a(small);
  auto packets = packetize(p, make_frame(900, 4), 100, {});
  bool refused = false;
  for (const auto& pkt : packets) {
    auto out = a.push(*RtpPacketView::parse(pkt));
    if (!out && out.error() == RtpError::kFrameTooLarge) refused = true;
  }
  EXPECT_TRUE(refused);
}

TEST(AudioPacketizer, OneCiphertextPerPacket) {
  AudioPacketizer p(config(1200));
  Bytes ct = make_frame(80, 5);
  Bytes out(1200);
  auto n = p.write(ct, 960, true, out);
  ASSERT_TRUE(n);
  auto v = RtpPacketView::parse(BytesView(out.data(), *n));
  ASSERT_TRUE(v);
  EXPECT_EQ(Bytes(v->payload().begin(), v->payload().end()), ct);
  EXPECT_TRUE(v->header().marker);
  EXPECT_FALSE(v->has_extension());
  EXPECT_EQ(p.next_sequence(), 65535);
  Bytes too_big(1200);
  EXPECT_EQ(p.write(too_big, 1, false, out).error(), RtpError::kFrameTooLarge);
}

}  // namespace
}  // namespace zt::rtp
