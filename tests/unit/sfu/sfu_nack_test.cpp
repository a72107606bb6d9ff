// NACKs against amplification: one 1,452-byte NACK (360 items, every bit
// set: 6,120 sequence numbers, the probe's packet) used to make the SFU
// resend 6,120 packets. Now each sequence number counts once, one NACK has
// at most nack_max_packets resent, and every subscriber has a resend budget
// in bytes (a token bucket); what is not resent is counted by reason.
#include <gtest/gtest.h>

#include <array>
#include <set>

#include "sfu_test_packets.h"
#include "zt/rtcp/feedback.h"
#include "zt/rtp/big_endian.h"

namespace zt::sfu {
namespace {

using testing::ep;
using testing::Harness;
using testing::rtp_packet;

constexpr size_t kPayload = 1100;

class SfuNack : public ::testing::Test {
 protected:
  void SetUp() override {
    pub_ = h_.join("m1", 5000);
    sub_ = h_.join("m1", 5001);
    auto track = h_.router.publish(pub_.transport_id, TrackKind::kVideo, {3000});
    out_ssrc_ = h_.router.subscribe(sub_.transport_id, track.track_id, 0)[0].out_ssrc;
    for (uint16_t seq = 1; seq <= 400; ++seq) {
      Bytes p = rtp_packet(3000, seq, seq / 4 * 3000u, Bytes(kPayload, 0x5A),
                           testing::VideoMark{true, true, 0, 0});
      packet_size_ = p.size();
      h_.feed(ep(5000), p);
    }
    first_out_seq_ = 1;  // the subscriber started on the key frame at sequence 1
  }

  // A NACK with `items` verbatim (write_nack, not pack_nack_items, so
  // repeats stay repeated).
  Bytes nack(const std::vector<rtcp::NackItem>& items) {
    std::vector<uint8_t> buf(12 + 4 * items.size());
    auto n = rtcp::write_nack(42, out_ssrc_, items, buf);
    EXPECT_TRUE(n.has_value());
    return Bytes(buf.begin(), buf.end());
  }

  // Resent RTP packets to the subscriber in the last feed, and their bytes.
  std::pair<size_t, size_t> resent() const {
    size_t packets = 0;
    size_t bytes = 0;
    for (const auto& [dest, b] : h_.sent()) {
      if (dest == ep(5001) && b.size() >= 12 && rtp::load_be32(b.data() + 8) == out_ssrc_) {
        ++packets;
        bytes += b.size();
      }
    }
    return {packets, bytes};
  }

  Harness h_;
  TransportCredentials pub_;
  TransportCredentials sub_;
  uint32_t out_ssrc_ = 0;
  uint16_t first_out_seq_ = 0;
  size_t packet_size_ = 0;
};

TEST_F(SfuNack, OneFullSizeNackIsBoundedByTheBudgetAndTheRequest) {
  // The probe's NACK: 1,452 bytes, 360 items of 17 sequence numbers each,
  // covering the 400 buffered packets over and over.
  std::vector<rtcp::NackItem> items;
  for (size_t i = 0; i < 360; ++i)
    items.push_back({static_cast<uint16_t>(first_out_seq_ + (i * 17) % 384), 0xFFFF});
  Bytes big = nack(items);
  ASSERT_EQ(big.size(), 1452u);
  std::set<uint16_t> requested;
  for (const auto& it : items) {
    for (int k = 0; k <= 16; ++k) requested.insert(static_cast<uint16_t>(it.pid + k));
  }
  const size_t requested_bytes = requested.size() * packet_size_;

  h_.feed(ep(5001), big);
  auto [packets, bytes] = resent();
  const RouterOptions o;
  EXPECT_GT(packets, 0u);
  EXPECT_LE(packets, o.nack_max_packets);
  EXPECT_LE(bytes, o.nack_burst_bytes);
  EXPECT_LE(bytes, requested_bytes);
  EXPECT_EQ(h_.router.counters().nack_bytes_resent.load(), bytes);
  // Every one of the 6,120 sequence numbers is either resent or counted.
  const auto& c = h_.router.counters();
  uint64_t refused = c.refused(NackRefusal::kDuplicate) + c.refused(NackRefusal::kPerNackCap) +
                     c.refused(NackRefusal::kBudget);
  EXPECT_EQ(refused + packets, 360u * 17u);
  EXPECT_GT(c.refused(NackRefusal::kDuplicate), 0u);
  EXPECT_GT(c.refused(NackRefusal::kBudget), 0u);  // 64 packets of ~1.1 KB pass the 64 KiB burst

  // The budget is spent: the same NACK at once resends nothing more.
  h_.feed(ep(5001), big);
  EXPECT_EQ(resent().first, 0u);
  // It refills at nack_bytes_per_second.
  h_.now += std::chrono::milliseconds(100);
  h_.feed(ep(5001), big);
  EXPECT_LE(resent().second, o.nack_bytes_per_second / 10 + packet_size_);
  EXPECT_GT(resent().first, 0u);
}

TEST_F(SfuNack, ASequenceNumberAskedForTwiceIsResentOnce) {
  uint16_t seq = static_cast<uint16_t>(first_out_seq_ + 10);
  h_.feed(ep(5001), nack({{seq, 0}, {seq, 0}, {static_cast<uint16_t>(seq - 1), 0x0001}}));
  auto [packets, bytes] = resent();
  EXPECT_EQ(packets, 2u);  // seq - 1 and seq, each once
  EXPECT_EQ(bytes, 2 * packet_size_);
  EXPECT_EQ(h_.router.counters().refused(NackRefusal::kDuplicate), 2u);
  EXPECT_EQ(h_.router.counters().nacks_answered.load(), 2u);
}

}  // namespace
}  // namespace zt::sfu
