// Simulcast layer selection and temporal filtering: switches only at key
// frames, and the receiver's sequence numbers stay continuous.
#include <gtest/gtest.h>

#include "sfu_test_packets.h"

namespace zt::sfu {
namespace {

using testing::ep;
using testing::Harness;
using testing::rtp_packet;
using testing::VideoMark;

constexpr uint32_t kLow = 2000;
constexpr uint32_t kMid = 2001;
constexpr uint32_t kHigh = 2002;

struct Received {
  uint16_t seq;
  uint32_t ts;
  uint32_t ssrc;
  Bytes payload;
};

class SfuLayers : public ::testing::Test {
 protected:
  void SetUp() override {
    pub_ = h_.join("m1", 5000);
    sub_ = h_.join("m1", 5001);
    track_ = h_.router.publish(pub_.transport_id, TrackKind::kVideo, {kLow, kMid, kHigh});
    out_ssrc_ = h_.router.subscribe(sub_.transport_id, track_.track_id, 0)[0].out_ssrc;
  }

  // Sends one packet of each layer with the same frame timing; returns what
  // the subscriber got.
  std::vector<Received> frame(uint16_t seq, uint32_t ts, bool key, uint8_t tid = 0) {
    std::vector<Received> got;
    for (uint32_t ssrc : {kLow, kMid, kHigh}) {
      Bytes payload = {static_cast<uint8_t>(ssrc - kLow), static_cast<uint8_t>(seq)};
      h_.now += std::chrono::milliseconds(1);
      h_.feed(ep(5000), rtp_packet(ssrc, static_cast<uint16_t>(seq + (ssrc - kLow) * 1000), ts, payload,
                                   VideoMark{key, true, tid, 0}));
      for (auto& [dest, bytes] : h_.sent()) {
        if (!(dest == ep(5001))) continue;
        auto v = rtp::RtpPacketView::parse(bytes);
        if (!v) continue;
        got.push_back({v->header().sequence, v->header().timestamp, v->header().ssrc,
                       Bytes(v->payload().begin(), v->payload().end())});
      }
    }
    return got;
  }

  Harness h_;
  TransportCredentials pub_;
  TransportCredentials sub_;
  TrackInfo track_;
  uint32_t out_ssrc_ = 0;
};

TEST_F(SfuLayers, StartsOnlyAtAKeyFrameOfTheChosenLayer) {
  EXPECT_TRUE(frame(10, 3000, false).empty());
  auto got = frame(11, 6000, true);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload[0], 0);  // layer 0
  EXPECT_EQ(got[0].ssrc, out_ssrc_);
}

TEST_F(SfuLayers, SwitchUpWaitsForKeyFrameAndKeepsSequenceContinuous) {
  std::vector<Received> all;
  for (uint16_t i = 0; i < 5; ++i) {
    auto got = frame(static_cast<uint16_t>(100 + i), 3000u * i, i == 0);
    all.insert(all.end(), got.begin(), got.end());
  }
  h_.router.set_max_layer(sub_.transport_id, track_.track_id, 2);
  for (uint16_t i = 5; i < 10; ++i) {  // delta frames: still layer 0
    auto got = frame(static_cast<uint16_t>(100 + i), 3000u * i, false);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].payload[0], 0);
    all.insert(all.end(), got.begin(), got.end());
  }
  for (uint16_t i = 10; i < 15; ++i) {  // key frame at 10: switch to layer 2
    auto got = frame(static_cast<uint16_t>(100 + i), 3000u * i, i == 10);
    // At the switch frame the low layer's copy (sent first) still goes out.
    ASSERT_EQ(got.size(), i == 10 ? 2u : 1u);
    EXPECT_EQ(got.back().payload[0], 2);
    all.insert(all.end(), got.begin(), got.end());
  }
  ASSERT_EQ(all.size(), 16u);
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_EQ(static_cast<uint16_t>(all[i].seq - all[i - 1].seq), 1) << i;
    EXPECT_GT(static_cast<int32_t>(all[i].ts - all[i - 1].ts), 0) << i;
    EXPECT_EQ(all[i].ssrc, out_ssrc_);
  }
  // The switch asked the publisher for a key frame on the high layer (PLI).
  EXPECT_GE(h_.router.counters().dropped(DropReason::kLayerFiltered), 1u);
}

TEST_F(SfuLayers, SwitchDownAlsoWaitsForKeyFrame) {
  h_.router.set_max_layer(sub_.transport_id, track_.track_id, 1);
  auto got = frame(1, 0, true);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload[0], 1);
  h_.router.set_max_layer(sub_.transport_id, track_.track_id, 0);
  got = frame(2, 3000, false);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload[0], 1);
  got = frame(3, 6000, true);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].payload[0], 0);
}

TEST(SubscriberStream, TemporalFilterLeavesNoSequenceGap) {
  SubscriberStream s(77, 90000, 1, 0, /*max_temporal=*/0);
  SteadyTime t{};
  std::vector<uint16_t> out;
  for (uint16_t seq = 0; seq < 8; ++seq) {
    PacketInfo p{0, seq == 0, true, static_cast<uint8_t>(seq % 2), seq, seq * 1500u, t};
    if (s.decide(p) == SubscriberStream::Decision::kForward) out.push_back(s.out_sequence(seq));
  }
  EXPECT_EQ(out, (std::vector<uint16_t>{0, 1, 2, 3}));
}

}  // namespace
}  // namespace zt::sfu
