#include "zt/rtp/frame_marking.h"

#include <gtest/gtest.h>

#include <array>

namespace zt::rtp {
namespace {

TEST(FrameMarking, LongFormBitLayout) {
  FrameMarking m;
  m.start_of_frame = true;
  m.independent = true;
  m.base_layer_sync = true;
  m.temporal_id = 5;
  m.layer_id = 2;
  m.tl0_pic_idx = 0x7f;
  std::array<uint8_t, 3> out{};
  ASSERT_EQ(*write_frame_marking(m, out), 3u);
  EXPECT_EQ(to_hex(out), "ad027f");  // 1010 1101: S I B TID=5
  auto back = parse_frame_marking(out);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, m);
}

TEST(FrameMarking, ShortFormIgnoresReservedBits) {
  auto m = parse_frame_marking(from_hex("5f"));  // E and D set, reserved bits set
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->start_of_frame);
  EXPECT_TRUE(m->end_of_frame);
  EXPECT_FALSE(m->independent);
  EXPECT_TRUE(m->discardable);
  EXPECT_FALSE(m->scalable);
  EXPECT_EQ(m->temporal_id, 0);
  std::array<uint8_t, 1> out{};
  ASSERT_EQ(*write_frame_marking(*m, out), 1u);
  EXPECT_EQ(to_hex(out), "50");
}

TEST(FrameMarking, RejectsBadLengthAndRanges) {
  EXPECT_EQ(parse_frame_marking(from_hex("8000")).error(), RtpError::kBadExtension);
  EXPECT_EQ(parse_frame_marking({}).error(), RtpError::kBadExtension);
  std::array<uint8_t, 3> out{};
  FrameMarking bad_tid;
  bad_tid.temporal_id = 8;
  EXPECT_EQ(write_frame_marking(bad_tid, out).error(), RtpError::kInvalidArgument);
  FrameMarking short_with_layer;
  short_with_layer.scalable = false;
  short_with_layer.layer_id = 1;
  EXPECT_EQ(write_frame_marking(short_with_layer, out).error(), RtpError::kInvalidArgument);
}

}  // namespace
}  // namespace zt::rtp
