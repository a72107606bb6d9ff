// Compound RTCP reading and SR/RR round trips.
#include <gtest/gtest.h>

#include <array>

#include "zt/rtcp/feedback.h"
#include "zt/rtcp/report.h"

namespace zt::rtcp {
namespace {

TEST(RtcpReport, SenderReportRoundTrips) {
  SenderInfo info{0x0102030405060708ull, 90000, 17, 1700};
  ReportBlock block{0xCAFEBABE, 12, -3, 70000, 55, 0x11223344, 65536};
  std::array<uint8_t, 128> buf{};
  auto n = write_sender_report(0xAABBCCDD, info, std::span(&block, 1), buf);
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 52u);
  CompoundReader reader(BytesView(buf).first(*n));
  PacketView part;
  ASSERT_TRUE(reader.next(part));
  EXPECT_EQ(part.type, static_cast<uint8_t>(PacketType::kSenderReport));
  auto r = parse_report(part);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->is_sender);
  EXPECT_EQ(r->ssrc, 0xAABBCCDDu);
  EXPECT_EQ(r->sender, info);
  ASSERT_EQ(r->report_count(), 1u);
  EXPECT_EQ(r->block(0), block);
  EXPECT_FALSE(reader.next(part));
  EXPECT_FALSE(reader.failed());
}

TEST(RtcpReport, CompoundOfReceiverReportAndPliSplits) {
  std::array<uint8_t, 128> buf{};
  ReportBlock block{1, 0, 0, 5, 0, 0, 0};
  auto rr = write_receiver_report(9, std::span(&block, 1), buf);
  ASSERT_TRUE(rr);
  auto pli = write_pli(9, 77, MutableBytesView(buf).subspan(*rr));
  ASSERT_TRUE(pli);
  BytesView compound = BytesView(buf).first(*rr + *pli);
  auto parts = validate_compound(compound);
  ASSERT_TRUE(parts);
  EXPECT_EQ(*parts, 2u);
  CompoundReader reader(compound);
  PacketView part;
  ASSERT_TRUE(reader.next(part));
  auto r = parse_report(part);
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->is_sender);
  EXPECT_EQ(r->block(0).highest_sequence, 5u);
  ASSERT_TRUE(reader.next(part));
  auto f = parse_feedback(part);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->kind, FeedbackKind::kPli);
  EXPECT_EQ(f->media_ssrc, 77u);
}

TEST(RtcpReport, DamagedCompoundsAreRefused) {
  std::array<uint8_t, 64> buf{};
  auto rr = write_receiver_report(9, {}, buf);
  ASSERT_TRUE(rr);
  Bytes good(buf.begin(), buf.begin() + static_cast<long>(*rr));
  for (size_t n = 1; n < good.size(); ++n) EXPECT_FALSE(validate_compound(BytesView(good).first(n))) << n;
  Bytes bad_version = good;
  bad_version[0] = 0x40;
  EXPECT_EQ(validate_compound(bad_version).error(), RtcpError::kBadVersion);
  Bytes bad_padding = good;
  bad_padding[0] |= 0x20;  // padding flag with a zero count in the last byte
  EXPECT_EQ(validate_compound(bad_padding).error(), RtcpError::kBadPadding);
  Bytes short_rr = good;
  short_rr[0] = 0x81;  // claims one report block that is not there
  CompoundReader reader(short_rr);
  PacketView part;
  ASSERT_TRUE(reader.next(part));
  EXPECT_FALSE(parse_report(part));
}

TEST(RtcpReport, RtcpAndRtpAreTellApart) {
  EXPECT_TRUE(looks_like_rtcp(from_hex("80c80006")));
  EXPECT_FALSE(looks_like_rtcp(from_hex("80600001")));
  EXPECT_FALSE(looks_like_rtcp(from_hex("80e00001")));  // PT 96 with marker
}

}  // namespace
}  // namespace zt::rtcp
