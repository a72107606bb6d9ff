#include "zt/base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace zt {
namespace {

TEST(Utf8Test, CountsCodePointsOfValidText) {
  EXPECT_EQ(utf8_length(""), 0u);
  EXPECT_EQ(utf8_length("abc"), 3u);
  EXPECT_EQ(utf8_length("\xC3\xA9t\xC3\xA9"), 3u);          // été
  EXPECT_EQ(utf8_length("\xE2\x82\xAC"), 1u);               // U+20AC
  EXPECT_EQ(utf8_length("\xF0\x9F\x94\x92"), 1u);           // U+1F512
  EXPECT_EQ(utf8_length("\xF4\x8F\xBF\xBF"), 1u);           // U+10FFFF
}

TEST(Utf8Test, RefusesEveryMalformedForm) {
  for (const char* bad : {"\x80", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80",
                          "\xF0\x80\x80\x80", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xC3",
                          "\xE2\x82", "a\xFF", "\xC3\x28"}) {
    EXPECT_EQ(utf8_length(bad), std::nullopt) << bad;
    EXPECT_FALSE(is_clean_utf8(std::string_view(bad)));
  }
}

TEST(Utf8Test, CleanTextHasNoNul) {
  EXPECT_TRUE(is_clean_utf8(std::string_view("chat \xC3\xA9")));
  EXPECT_EQ(utf8_length(std::string_view("a\0b", 3)), 3u);
  EXPECT_FALSE(is_clean_utf8(std::string_view("a\0b", 3)));
  const uint8_t bytes[] = {'o', 'k'};
  EXPECT_TRUE(is_clean_utf8(BytesView(bytes)));
}

}  // namespace
}  // namespace zt
