#include "zt/rtp/packet.h"

#include <gtest/gtest.h>

#include <array>

namespace zt::rtp {
namespace {

TEST(RtpPacket, ParsesMinimalHeader) {
  Bytes wire = from_hex(
      "80e01234000000640badcafe"
      "0102");
  auto p = RtpPacketView::parse(wire);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->header().marker);
  EXPECT_EQ(p->header().payload_type, 96);
  EXPECT_EQ(p->header().sequence, 0x1234);
  EXPECT_EQ(p->header().timestamp, 100u);
  EXPECT_EQ(p->header().ssrc, 0x0badcafeu);
  EXPECT_EQ(to_hex(p->payload()), "0102");
  EXPECT_FALSE(p->has_extension());
}

TEST(RtpPacket, ParsesCsrcsExtensionAndPadding) {
  // CC=2, X=1, P=1; one-byte extension id 1 = ff; payload ab; 3 padding bytes.
  Bytes wire = from_hex(
      "b2600001"
      "00000002"
      "00000003"
      "11111111"
      "22222222"
      "bede0001"
      "10ff0000"
      "ab"
      "000003");
  auto p = RtpPacketView::parse(wire);
  ASSERT_TRUE(p);
  ASSERT_EQ(p->csrc_count(), 2u);
  EXPECT_EQ(p->csrc(0), 0x11111111u);
  EXPECT_EQ(p->csrc(1), 0x22222222u);
  EXPECT_EQ(p->extension_profile(), kOneByteProfile);
  auto ext = p->extensions().find(1);
  ASSERT_TRUE(ext);
  EXPECT_EQ(to_hex(*ext), "ff");
  EXPECT_EQ(to_hex(p->payload()), "ab");
  EXPECT_EQ(p->padding_size(), 3u);
  EXPECT_EQ(p->header_size(), 28u);
}

TEST(RtpPacket, RejectsBadInput) {
  EXPECT_EQ(RtpPacketView::parse(from_hex("8060000100000002000000")).error(), RtpError::kTruncated);
  EXPECT_EQ(RtpPacketView::parse(from_hex("406000010000000200000003")).error(),
            RtpError::kBadVersion);
  // CC=1 but no CSRC bytes.
  EXPECT_EQ(RtpPacketView::parse(from_hex("816000010000000200000003")).error(),
            RtpError::kTruncated);
  // X=1, extension length 2 words but only 1 present.
  EXPECT_EQ(RtpPacketView::parse(from_hex("906000010000000200000003bede000210ff0000")).error(),
            RtpError::kTruncated);
  // Padding count larger than the payload.
  EXPECT_EQ(RtpPacketView::parse(from_hex("a060000100000002000000030105")).error(),
            RtpError::kBadPadding);
  // Padding count zero.
  EXPECT_EQ(RtpPacketView::parse(from_hex("a060000100000002000000030100")).error(),
            RtpError::kBadPadding);
  // One-byte element whose length runs past the block.
  EXPECT_EQ(RtpPacketView::parse(from_hex("906000010000000200000003bede000113ffffff")).error(),
            RtpError::kBadExtension);
}

TEST(RtpPacket, WriteThenParseRoundTrips) {
  std::array<uint8_t, 2> level{0x80, 0x01};
  std::array<uint8_t, 20> big{};
  big[19] = 7;
  std::array<HeaderExtension, 2> exts{{{3, level}, {200, big}}};
  RtpHeader h{true, 111, 65535, 0xfffffff0u, 42};
  Bytes payload = from_hex("deadbeef");
  std::array<uint8_t, 128> out{};
  auto n = write_rtp_packet(h, exts, payload, out);
  ASSERT_TRUE(n);
  auto p = RtpPacketView::parse(BytesView(out.data(), *n));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->header().marker, true);
  EXPECT_EQ(p->header().payload_type, 111);
  EXPECT_EQ(p->header().sequence, 65535);
  EXPECT_EQ(p->header().timestamp, 0xfffffff0u);
  EXPECT_EQ(p->header().ssrc, 42u);
  EXPECT_EQ(p->extensions().form(), ExtensionForm::kTwoByte);  // id 200 needs two-byte
  EXPECT_EQ(to_hex(*p->extensions().find(3)), "8001");
  EXPECT_EQ(p->extensions().find(200)->size(), 20u);
  EXPECT_EQ(to_hex(p->payload()), "deadbeef");
}

TEST(RtpPacket, WriteRejectsSmallBufferAndBadFields) {
  std::array<uint8_t, 12> small{};
  Bytes payload{1};
  EXPECT_EQ(write_rtp_packet({}, {}, payload, small).error(), RtpError::kBufferTooSmall);
  std::array<uint8_t, 64> out{};
  RtpHeader bad_pt{false, 128, 0, 0, 0};
  EXPECT_EQ(write_rtp_packet(bad_pt, {}, payload, out).error(), RtpError::kInvalidArgument);
}

TEST(RtpPacket, RewritesFieldsInPlace) {
  Bytes wire = from_hex("80e01234000000640badcafe0102");
  ASSERT_TRUE(rewrite_sequence(wire, 7));
  ASSERT_TRUE(rewrite_timestamp(wire, 9));
  ASSERT_TRUE(rewrite_ssrc(wire, 11));
  ASSERT_TRUE(rewrite_payload_type(wire, 100));
  auto p = RtpPacketView::parse(wire);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->header().marker);
  EXPECT_EQ(p->header().payload_type, 100);
  EXPECT_EQ(p->header().sequence, 7);
  EXPECT_EQ(p->header().timestamp, 9u);
  EXPECT_EQ(p->header().ssrc, 11u);
  Bytes tiny(5);
  EXPECT_FALSE(rewrite_ssrc(tiny, 1));
}

}  // namespace
}  // namespace zt::rtp
