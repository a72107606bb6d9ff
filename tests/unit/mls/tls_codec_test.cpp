// The codec primitives: varint lengths, vectors, optionals, enums, selects,
// and the typed errors with offset and field path.
#include "zt/mls/tls_codec.h"

#include <gtest/gtest.h>

namespace zt::mls {
namespace {

enum class Color : uint8_t { kRed = 1, kBlue = 2 };
constexpr bool tls_enum_valid(Color c) { return c == Color::kRed || c == Color::kBlue; }

struct Inner {
  uint16_t a = 0;
  Bytes b;
  ZT_TLS_FIELDS(a, b)
  bool operator==(const Inner&) const = default;
};

struct Outer {
  uint8_t x = 0;
  std::vector<Inner> items;
  std::optional<uint32_t> maybe;
  Color color = Color::kRed;
  std::array<uint8_t, 2> fixed{};
  ZT_TLS_FIELDS(x, items, maybe, color, fixed)
  bool operator==(const Outer&) const = default;
};

Bytes encode_varint(size_t v) {
  Bytes out;
  Writer w(out);
  w.varint(v);
  return out;
}

Expected<size_t, DecodeError> decode_varint(const Bytes& data) {
  Reader r(data);
  size_t v = r.varint();
  if (!r.failed() && r.remaining() != 0) r.fail(DecodeErrorKind::kTrailingBytes);
  if (r.failed()) return unexpected(r.error());
  return v;
}

TEST(TlsVarint, EncodesMinimallyAtEveryBoundary) {
  EXPECT_EQ(encode_varint(0), (Bytes{0x00}));
  EXPECT_EQ(encode_varint(63), (Bytes{0x3f}));
  EXPECT_EQ(encode_varint(64), (Bytes{0x40, 0x40}));
  EXPECT_EQ(encode_varint(16383), (Bytes{0x7f, 0xff}));
  EXPECT_EQ(encode_varint(16384), (Bytes{0x80, 0x00, 0x40, 0x00}));
  EXPECT_EQ(encode_varint(kMaxVarint), (Bytes{0xbf, 0xff, 0xff, 0xff}));
  for (size_t v : {size_t{0}, size_t{63}, size_t{64}, size_t{16383}, size_t{16384}, kMaxVarint}) {
    auto back = decode_varint(encode_varint(v));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, v);
  }
}

TEST(TlsVarint, RejectsValuesThatDoNotFit) {
  Bytes out;
  Writer w(out);
  EXPECT_THROW(w.varint(kMaxVarint + 1), EncodeError);
}

TEST(TlsVarint, RejectsNonMinimalEncodings) {
  for (const Bytes& bad : {Bytes{0x40, 0x00}, Bytes{0x40, 0x3f}, Bytes{0x80, 0x00, 0x00, 0x01},
                           Bytes{0x80, 0x00, 0x3f, 0xff}}) {
    auto r = decode_varint(bad);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, DecodeErrorKind::kNonMinimalVarint);
    EXPECT_EQ(r.error().offset, 0u);
  }
}

TEST(TlsVarint, RejectsReservedPrefixAndTruncation) {
  auto reserved = decode_varint(Bytes{0xc0, 0, 0, 0, 0, 0, 0, 1});
  ASSERT_FALSE(reserved.has_value());
  EXPECT_EQ(reserved.error().kind, DecodeErrorKind::kInvalidVarint);
  for (const Bytes& cut : {Bytes{}, Bytes{0x40}, Bytes{0x80, 0x00, 0x40}}) {
    auto r = decode_varint(cut);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().kind, DecodeErrorKind::kTruncated);
  }
}

TEST(TlsVector, WidensTheHeaderOfLongVectors) {
  for (size_t n : {size_t{63}, size_t{64}, size_t{16383}, size_t{16384}, size_t{70000}}) {
    std::vector<Inner> items(n / 4, Inner{1, {}});  // 3 bytes each
    Bytes wire = encode(items);
    size_t body = (n / 4) * 3;
    EXPECT_EQ(wire.size(), body + encode_varint(body).size()) << n;
    auto back = decode<std::vector<Inner>>(wire);
    ASSERT_TRUE(back.has_value()) << back.error().to_string();
    EXPECT_EQ(*back, items);
  }
}

TEST(TlsStruct, RoundTripsEveryFieldKind) {
  Outer v{7, {Inner{1, {9, 9}}, Inner{2, {}}}, 5u, Color::kBlue, {0xaa, 0xbb}};
  Bytes wire = encode(v);
  EXPECT_EQ(wire, (Bytes{7, 0x08, 0x00, 0x01, 0x02, 9, 9, 0x00, 0x02, 0x00, 1, 0, 0, 0, 5, 2, 0xaa,
                         0xbb}));
  auto back = decode<Outer>(wire);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, v);
}

TEST(TlsStruct, RejectsTrailingBytes) {
  Bytes wire = encode(Inner{1, {2}});
  wire.push_back(0);
  auto r = decode<Inner>(wire);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DecodeErrorKind::kTrailingBytes);
  EXPECT_EQ(r.error().offset, wire.size() - 1);
}

TEST(TlsStruct, RejectsEveryTruncation) {
  Bytes wire = encode(Outer{7, {Inner{1, {9, 9}}}, 5u, Color::kBlue, {1, 2}});
  for (size_t len = 0; len < wire.size(); ++len) {
    auto r = decode<Outer>(BytesView(wire.data(), len));
    ASSERT_FALSE(r.has_value()) << len;
    EXPECT_EQ(r.error().kind, DecodeErrorKind::kTruncated) << len;
  }
}

TEST(TlsStruct, ReportsTheFieldPathOfAnError) {
  // items[1].b claims 5 bytes inside a 6-byte vector body that has only 3 left.
  Bytes wire{7, 0x06, 0x00, 0x01, 0x00, 0x00, 0x02, 0x05, 0x00, 0, 1, 0, 0};
  auto r = decode<Outer>(wire);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DecodeErrorKind::kTruncated);
  EXPECT_EQ(r.error().field, "items[1].b");
  EXPECT_EQ(r.error().offset, 8u);
  EXPECT_NE(r.error().to_string().find("items[1].b"), std::string::npos);
}

TEST(TlsStruct, RejectsInvalidOptionalAndEnum) {
  Bytes bad_optional{7, 0x00, 0x02, 1};
  auto r1 = decode<Outer>(bad_optional);
  ASSERT_FALSE(r1.has_value());
  EXPECT_EQ(r1.error().kind, DecodeErrorKind::kInvalidOptional);
  EXPECT_EQ(r1.error().field, "maybe");
  EXPECT_EQ(r1.error().offset, 2u);

  Bytes bad_enum{7, 0x00, 0x00, 3, 0xaa, 0xbb};
  auto r2 = decode<Outer>(bad_enum);
  ASSERT_FALSE(r2.has_value());
  EXPECT_EQ(r2.error().kind, DecodeErrorKind::kInvalidEnum);
  EXPECT_EQ(r2.error().field, "color");
}

TEST(TlsStruct, RejectsAVectorElementOverrunningItsVector) {
  // The vector body is 2 bytes but its element needs 3 (uint16 + opaque).
  Bytes wire{7, 0x02, 0x00, 0x01, 0x00, 0x00, 1, 0xaa, 0xbb};
  auto r = decode<Outer>(wire);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DecodeErrorKind::kTruncated);
  EXPECT_EQ(r.error().field, "items[0].b");
}

TEST(TlsStruct, NeverReservesFromAClaimedLength) {
  // A 1 GiB length claim with 3 bytes of input fails fast as truncated.
  Bytes wire{7, 0xbf, 0xff, 0xff, 0xff, 0x00};
  auto r = decode<Outer>(wire);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, DecodeErrorKind::kTruncated);
  EXPECT_EQ(r.error().field, "items");
}

}  // namespace
}  // namespace zt::mls
