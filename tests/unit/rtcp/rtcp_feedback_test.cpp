// NACK, PLI and FIR: build, parse, expand, rewrite.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "zt/rtcp/feedback.h"

namespace zt::rtcp {
namespace {

Feedback parse_one(BytesView bytes) {
  CompoundReader reader(bytes);
  PacketView part;
  EXPECT_TRUE(reader.next(part));
  auto f = parse_feedback(part);
  EXPECT_TRUE(f);
  return f ? *f : Feedback{};
}

TEST(RtcpFeedback, NackPacksAndExpandsSequences) {
  const uint16_t lost[] = {65534, 65535, 0, 3, 100};
  std::array<NackItem, 8> items{};
  size_t n = pack_nack_items(lost, items);
  ASSERT_EQ(n, 2u);
  EXPECT_EQ(items[0].pid, 65534);
  std::array<uint8_t, 64> buf{};
  auto size = write_nack(1, 2, std::span(items.data(), n), buf);
  ASSERT_TRUE(size);
  Feedback f = parse_one(BytesView(buf).first(*size));
  EXPECT_EQ(f.kind, FeedbackKind::kNack);
  EXPECT_EQ(f.sender_ssrc, 1u);
  EXPECT_EQ(f.media_ssrc, 2u);
  std::vector<uint16_t> got;
  f.for_each_nacked([&](uint16_t s) { got.push_back(s); });
  EXPECT_EQ(got, (std::vector<uint16_t>{65534, 65535, 0, 3, 100}));
}

TEST(RtcpFeedback, FirCarriesItems) {
  const FirItem items[] = {{0x1234, 7}, {0x5678, 9}};
  std::array<uint8_t, 64> buf{};
  auto size = write_fir(5, items, buf);
  ASSERT_TRUE(size);
  Feedback f = parse_one(BytesView(buf).first(*size));
  EXPECT_EQ(f.kind, FeedbackKind::kFir);
  ASSERT_EQ(f.fir_count(), 2u);
  EXPECT_EQ(f.fir(1), (FirItem{0x5678, 9}));
  rewrite_fir_ssrc(MutableBytesView(buf).first(*size), 1, 0xABCD);
  EXPECT_EQ(parse_one(BytesView(buf).first(*size)).fir(1).ssrc, 0xABCDu);
}

TEST(RtcpFeedback, RewritesMapFeedbackToThePublisher) {
  std::array<uint8_t, 16> buf{};
  auto size = write_pli(100, 200, buf);
  ASSERT_TRUE(size);
  MutableBytesView part = MutableBytesView(buf).first(*size);
  rewrite_sender_ssrc(part, 300);
  rewrite_media_ssrc(part, 400);
  Feedback f = parse_one(part);
  EXPECT_EQ(f.sender_ssrc, 300u);
  EXPECT_EQ(f.media_ssrc, 400u);
}

TEST(RtcpFeedback, EmptyNackIsRefused) {
  std::array<uint8_t, 16> buf{};
  EXPECT_FALSE(write_nack(1, 2, {}, buf));
  // A NACK header with no FCI on the wire.
  Bytes wire = from_hex("81cd0002" "00000001" "00000002");
  CompoundReader reader(wire);
  PacketView part;
  ASSERT_TRUE(reader.next(part));
  EXPECT_FALSE(parse_feedback(part));
}

TEST(RtcpFeedback, SmallBufferIsRefused) {
  std::array<uint8_t, 8> buf{};
  auto r = write_pli(1, 2, buf);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), RtcpError::kBufferTooSmall);
}

}  // namespace
}  // namespace zt::rtcp
