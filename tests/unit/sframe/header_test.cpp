#include "zt/sframe/header.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace zt::sframe {
namespace {

TEST(SFrameHeader, RoundTripsExtremes) {
  for (Header h : {Header{0, 0}, Header{7, 7}, Header{8, 8}, Header{UINT64_MAX, UINT64_MAX},
                   Header{0x100, 0xffff}, Header{1ull << 56, 255}}) {
    std::array<uint8_t, kMaxHeaderSize> out{};
    auto n = encode_header(h, out);
    ASSERT_TRUE(n);
    auto d = decode_header(BytesView(out.data(), *n));
    ASSERT_TRUE(d);
    EXPECT_EQ(d->header, h);
    EXPECT_EQ(d->size, *n);
  }
}

TEST(SFrameHeader, RejectsNonMinimalEncodings) {
  // KID 0 in a 1-byte extended field.
  EXPECT_EQ(decode_header(from_hex("8000")).error(), SFrameError::kNonMinimalHeader);
  // KID 7 extended (fits the config byte).
  EXPECT_EQ(decode_header(from_hex("8007")).error(), SFrameError::kNonMinimalHeader);
  // KID 8 in two bytes with a leading zero.
  EXPECT_EQ(decode_header(from_hex("900008")).error(), SFrameError::kNonMinimalHeader);
  // CTR 5 extended.
  EXPECT_EQ(decode_header(from_hex("0805")).error(), SFrameError::kNonMinimalHeader);
  // CTR 0x0100 in three bytes.
  EXPECT_EQ(decode_header(from_hex("0a000100")).error(), SFrameError::kNonMinimalHeader);
}

TEST(SFrameHeader, RejectsTruncatedHeaders) {
  EXPECT_EQ(decode_header({}).error(), SFrameError::kTruncatedHeader);
  EXPECT_EQ(decode_header(from_hex("f0")).error(), SFrameError::kTruncatedHeader);    // KID 8 bytes
  EXPECT_EQ(decode_header(from_hex("8f08")).error(), SFrameError::kTruncatedHeader);  // CTR 8 bytes
}

TEST(SFrameHeader, TrailingBytesAreCiphertext) {
  auto d = decode_header(from_hex("12ffee"));
  ASSERT_TRUE(d);
  EXPECT_EQ(d->header, (Header{1, 2}));
  EXPECT_EQ(d->size, 1u);
}

TEST(SFrameHeader, EncodeChecksBuffer) {
  std::array<uint8_t, 2> small{};
  EXPECT_EQ(encode_header({0x1234, 0}, small).error(), SFrameError::kBufferTooSmall);
}

}  // namespace
}  // namespace zt::sframe
