#include "zt/rtp/audio_level.h"

#include <gtest/gtest.h>

#include <array>

#include "zt/rtp/packet.h"

namespace zt::rtp {
namespace {

// An RTP packet whose extension section is `section` (profile word + block).
Bytes packet_with_extension(const std::string& section_hex) {
  Bytes p = from_hex("900000010000000000000abc" + section_hex + "aabbcc");
  return p;
}

TEST(AudioLevel, BitLayout) {
  auto a = parse_audio_level(from_hex("d4"));  // V=1, level 0x54 = 84 (-84 dBov)
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->voice);
  EXPECT_EQ(a->level, 84);
  auto b = parse_audio_level(from_hex("7f"));
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->voice);
  EXPECT_EQ(b->level, kAudioLevelSilence);
  std::array<uint8_t, 1> out{};
  ASSERT_EQ(*write_audio_level(*a, out), 1u);
  EXPECT_EQ(to_hex(out), "d4");
}

TEST(AudioLevel, OneByteFormInAPacket) {
  // 0xBEDE, one word: id 2, L=0 (one data byte), data 0x9e (V, level 30), padding.
  const Bytes bytes_p = packet_with_extension("bede0001209e0000");
  auto p = RtpPacketView::parse(bytes_p);
  ASSERT_TRUE(p);
  auto data = p->extensions().find(kAudioLevelExtensionId);
  ASSERT_TRUE(data);
  auto a = parse_audio_level(*data);
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, (AudioLevel{true, 30}));
}

TEST(AudioLevel, TwoByteFormInAPacket) {
  // 0x1000, one word: id 2, length 1, data 0x0a (no V, level 10), padding.
  const Bytes bytes_p = packet_with_extension("100000010201" "0a00");
  auto p = RtpPacketView::parse(bytes_p);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->extensions().form(), ExtensionForm::kTwoByte);
  auto data = p->extensions().find(kAudioLevelExtensionId);
  ASSERT_TRUE(data);
  auto a = parse_audio_level(*data);
  ASSERT_TRUE(a);
  EXPECT_EQ(*a, (AudioLevel{false, 10}));
}

TEST(AudioLevel, WrongLengthsAreRefused) {
  EXPECT_EQ(parse_audio_level(BytesView()).error(), RtpError::kBadExtension);
  EXPECT_EQ(parse_audio_level(from_hex("9e00")).error(), RtpError::kBadExtension);
  // One-byte form with L=1 (two data bytes): the walker accepts the element,
  // the audio-level parser refuses it.
  const Bytes bytes_p = packet_with_extension("bede0001219e0000");
  auto p = RtpPacketView::parse(bytes_p);
  ASSERT_TRUE(p);
  auto data = p->extensions().find(kAudioLevelExtensionId);
  ASSERT_TRUE(data);
  EXPECT_FALSE(parse_audio_level(*data));
  // Two-byte form, length 0.
  const Bytes bytes_q = packet_with_extension("1000000102000000");
  auto q = RtpPacketView::parse(bytes_q);
  ASSERT_TRUE(q);
  auto empty = q->extensions().find(kAudioLevelExtensionId);
  ASSERT_TRUE(empty);
  EXPECT_FALSE(parse_audio_level(*empty));
}

TEST(AudioLevel, WriteRejectsOutOfRange) {
  std::array<uint8_t, 1> out{};
  EXPECT_EQ(write_audio_level(AudioLevel{false, 128}, out).error(), RtpError::kInvalidArgument);
  EXPECT_EQ(write_audio_level(AudioLevel{false, 1}, MutableBytesView()).error(), RtpError::kBufferTooSmall);
}

}  // namespace
}  // namespace zt::rtp
