#include "zt/rtp/header_extension.h"

#include <gtest/gtest.h>

#include <array>
#include <vector>

namespace zt::rtp {
namespace {

TEST(HeaderExtension, OneByteSkipsPaddingAndStopsAtId15) {
  // id 2 len 2 (aabb), padding 00, id 5 len 1 (cc), id 15 stop, trailing junk.
  Bytes block = from_hex("21aabb0050ccf0ff");
  auto view = HeaderExtensionsView::parse(kOneByteProfile, block);
  ASSERT_TRUE(view);
  std::vector<uint8_t> ids;
  view->for_each([&](const HeaderExtension& e) { ids.push_back(e.id); });
  EXPECT_EQ(ids, (std::vector<uint8_t>{2, 5}));
  EXPECT_EQ(to_hex(*view->find(2)), "aabb");
  EXPECT_EQ(to_hex(*view->find(5)), "cc");
  EXPECT_FALSE(view->find(3));
}

TEST(HeaderExtension, TwoByteAllowsEmptyAndLargeIds) {
  Bytes block = from_hex(
      "0100"
      "00"
      "ff03010203");
  auto view = HeaderExtensionsView::parse(0x1005, block);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->form(), ExtensionForm::kTwoByte);
  ASSERT_TRUE(view->find(1));
  EXPECT_TRUE(view->find(1)->empty());
  EXPECT_EQ(to_hex(*view->find(255)), "010203");
}

TEST(HeaderExtension, RejectsTruncatedElements) {
  EXPECT_FALSE(HeaderExtensionsView::parse(kOneByteProfile, from_hex("1f00")));
  EXPECT_FALSE(HeaderExtensionsView::parse(kTwoByteProfile, from_hex("05")));
  EXPECT_FALSE(HeaderExtensionsView::parse(kTwoByteProfile, from_hex("050201")));
}

TEST(HeaderExtension, UnknownProfileIsEmpty) {
  auto view = HeaderExtensionsView::parse(0x1234, from_hex("11223344"));
  ASSERT_TRUE(view);
  EXPECT_FALSE(view->form());
  EXPECT_FALSE(view->find(1));
}

TEST(HeaderExtension, WritesOneByteFormWhenEverythingFits) {
  std::array<uint8_t, 3> fm{0xa1, 0x02, 0x03};
  std::array<HeaderExtension, 1> exts{{{1, fm}}};
  ASSERT_EQ(*extension_section_size(exts), 8u);
  std::array<uint8_t, 8> out{};
  ASSERT_EQ(*write_extension_section(exts, out), 8u);
  EXPECT_EQ(to_hex(out), "bede000112a10203");
}

TEST(HeaderExtension, WriteRejectsInvalidElements) {
  std::array<uint8_t, 1> one{1};
  std::array<HeaderExtension, 1> id_zero{{{0, one}}};
  EXPECT_EQ(extension_section_size(id_zero).error(), RtpError::kInvalidArgument);
  Bytes huge(256);
  std::array<HeaderExtension, 1> too_big{{{1, huge}}};
  EXPECT_EQ(extension_section_size(too_big).error(), RtpError::kInvalidArgument);
  std::array<uint8_t, 4> small{};
  std::array<HeaderExtension, 1> ok{{{1, one}}};
  EXPECT_EQ(write_extension_section(ok, small).error(), RtpError::kBufferTooSmall);
}

}  // namespace
}  // namespace zt::rtp
