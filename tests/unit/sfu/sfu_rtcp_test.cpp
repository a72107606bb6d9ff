// Router RTCP: NACK answered from the retransmission buffer, PLI mapped to
// the publisher, SR forwarded under the subscriber's SSRC, RR produced.
#include <gtest/gtest.h>

#include <array>

#include "sfu_test_packets.h"
#include "zt/rtcp/feedback.h"
#include "zt/rtcp/report.h"

namespace zt::sfu {
namespace {

using testing::ep;
using testing::Harness;
using testing::rtp_packet;

class SfuRtcp : public ::testing::Test {
 protected:
  void SetUp() override {
    pub_ = h_.join("m1", 5000);
    sub_ = h_.join("m1", 5001);
    track_ = h_.router.publish(pub_.transport_id, TrackKind::kAudio, {1111});
    out_ssrc_ = h_.router.subscribe(sub_.transport_id, track_.track_id, 0)[0].out_ssrc;
  }

  Bytes nack(std::initializer_list<uint16_t> seqs) {
    std::array<rtcp::NackItem, 8> items{};
    std::vector<uint16_t> v(seqs);
    size_t n = rtcp::pack_nack_items(v, items);
    std::array<uint8_t, 64> buf{};
    auto size = rtcp::write_nack(42, out_ssrc_, std::span(items.data(), n), buf);
    return Bytes(buf.begin(), buf.begin() + static_cast<long>(*size));
  }

  Harness h_;
  TransportCredentials pub_;
  TransportCredentials sub_;
  TrackInfo track_;
  uint32_t out_ssrc_ = 0;
};

TEST_F(SfuRtcp, NackIsAnsweredFromTheBuffer) {
  std::vector<Bytes> originals;
  for (uint16_t seq = 10; seq < 20; ++seq) {
    originals.push_back(rtp_packet(1111, seq, seq * 960u, Bytes{static_cast<uint8_t>(seq), 0xEE}));
    h_.feed(ep(5000), originals.back());
  }
  h_.feed(ep(5001), nack({12, 15}));
  auto sent = h_.sent();
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& [dest, bytes] : sent) {
    EXPECT_EQ(dest, ep(5001));  // answered by the SFU, not asked of the publisher
    auto v = rtp::RtpPacketView::parse(bytes);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->header().ssrc, out_ssrc_);
    uint16_t seq = v->header().sequence;
    EXPECT_TRUE(seq == 12 || seq == 15);
    EXPECT_EQ(v->payload()[0], seq);
  }
  EXPECT_EQ(h_.router.counters().nacks_answered.load(), 2u);
}

TEST_F(SfuRtcp, NackBeyondTheBufferGoesToThePublisher) {
  h_.feed(ep(5000), rtp_packet(1111, 10, 0, Bytes{1}));
  h_.now += std::chrono::milliseconds(1500);  // older than one second
  h_.feed(ep(5001), nack({10}));
  auto sent = h_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, ep(5000));
  rtcp::CompoundReader r(sent[0].second);
  rtcp::PacketView part;
  ASSERT_TRUE(r.next(part));
  auto f = rtcp::parse_feedback(part);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, rtcp::FeedbackKind::kNack);
  EXPECT_EQ(f->media_ssrc, 1111u);
  EXPECT_EQ(f->nack(0).pid, 10);
}

TEST_F(SfuRtcp, PliIsMappedToThePublisher) {
  h_.feed(ep(5000), rtp_packet(1111, 1, 0, Bytes{1}));
  std::array<uint8_t, 16> buf{};
  auto n = rtcp::write_pli(42, out_ssrc_, buf);
  h_.feed(ep(5001), BytesView(buf).first(*n));
  auto sent = h_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, ep(5000));
  rtcp::CompoundReader r(sent[0].second);
  rtcp::PacketView part;
  ASSERT_TRUE(r.next(part));
  auto f = rtcp::parse_feedback(part);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, rtcp::FeedbackKind::kPli);
  EXPECT_EQ(f->media_ssrc, 1111u);
}

TEST_F(SfuRtcp, FeedbackForSomeoneElsesStreamIsRefused) {
  h_.feed(ep(5000), rtp_packet(1111, 1, 0, Bytes{1}));
  std::array<uint8_t, 16> buf{};
  auto n = rtcp::write_pli(42, out_ssrc_, buf);
  h_.feed(ep(5000), BytesView(buf).first(*n));  // the publisher does not receive out_ssrc_
  EXPECT_TRUE(h_.sent().empty());
  EXPECT_EQ(h_.router.counters().dropped(DropReason::kSsrcNotOwned), 1u);
}

TEST_F(SfuRtcp, SenderReportIsForwardedUnderTheSubscribersSsrc) {
  h_.feed(ep(5000), rtp_packet(1111, 1, 5000, Bytes{1}));
  std::array<uint8_t, 64> buf{};
  rtcp::SenderInfo info{0x1111222233334444ull, 5000, 1, 1};
  auto n = rtcp::write_sender_report(1111, info, {}, buf);
  h_.feed(ep(5000), BytesView(buf).first(*n));
  auto sent = h_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, ep(5001));
  rtcp::CompoundReader r(sent[0].second);
  rtcp::PacketView part;
  ASSERT_TRUE(r.next(part));
  auto sr = rtcp::parse_report(part);
  ASSERT_TRUE(sr);
  EXPECT_EQ(sr->ssrc, out_ssrc_);
  EXPECT_EQ(sr->sender.ntp_timestamp, info.ntp_timestamp);
  EXPECT_EQ(sr->sender.rtp_timestamp, 5000u);
}

TEST_F(SfuRtcp, TickProducesReceiverReportsForPublishers) {
  for (uint16_t seq = 1; seq <= 10; ++seq) {
    if (seq == 5) continue;  // one lost
    h_.feed(ep(5000), rtp_packet(1111, seq, seq * 960u, Bytes{1}));
  }
  h_.out.clear();
  {
    auto lock = h_.router.lock();
    h_.router.on_tick(h_.now, h_.out);
  }
  auto sent = h_.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, ep(5000));
  rtcp::CompoundReader r(sent[0].second);
  rtcp::PacketView part;
  ASSERT_TRUE(r.next(part));
  auto rr = rtcp::parse_report(part);
  ASSERT_TRUE(rr);
  EXPECT_FALSE(rr->is_sender);
  ASSERT_EQ(rr->report_count(), 1u);
  EXPECT_EQ(rr->block(0).ssrc, 1111u);
  EXPECT_EQ(rr->block(0).highest_sequence, 10u);
  EXPECT_EQ(rr->block(0).cumulative_lost, 1);
}

}  // namespace
}  // namespace zt::sfu
