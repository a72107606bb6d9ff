// The typed envelope of application content: round trip, and what is
// refused on the way out (usage) and on the way in (protocol).
#include <gtest/gtest.h>

#include "zt/base/utf8.h"
#include "zt/client/client_error.h"
#include "zt/client/envelope.h"

namespace zt::client {
namespace {

Envelope of(ContentKind kind, std::string name, std::string body) {
  return {kind, 1234, Bytes(name.begin(), name.end()), Bytes(body.begin(), body.end())};
}

TEST(EnvelopeTest, EveryKindRoundTrips) {
  for (const Envelope& e : {of(ContentKind::kChat, "", "héllo"), of(ContentKind::kFile, "a.txt", "\x01\x00\x02"),
                            of(ContentKind::kWhiteboardStroke, "", R"({"points":[[1,2]]})"),
                            of(ContentKind::kAnnotation, "", R"({"text":"x"})"),
                            of(ContentKind::kRemoteControl, "key:enter", "")}) {
    check_envelope(e);
    Envelope back = decode_envelope(mls::encode(e));
    EXPECT_EQ(back.kind, e.kind);
    EXPECT_EQ(back.sent_at_ms, 1234u);
    EXPECT_EQ(back.name, e.name);
    EXPECT_EQ(back.body, e.body);
  }
}

TEST(EnvelopeTest, BadContentIsRefusedBeforeSending) {
  for (const Envelope& e : {of(ContentKind::kChat, "", ""), of(ContentKind::kChat, "", "\xff"),
                            of(ContentKind::kChat, "", std::string("a\0b", 3)),
                            of(ContentKind::kFile, "", "x"), of(ContentKind::kFile, "../etc/passwd", "x"),
                            of(ContentKind::kWhiteboardStroke, "", "[1,2]"),
                            of(ContentKind::kAnnotation, "", "{not json"),
                            of(ContentKind::kRemoteControl, "", "")}) {
    try {
      check_envelope(e);
      ADD_FAILURE() << "accepted kind " << int(e.kind);
    } catch (const ClientError& err) {
      EXPECT_EQ(err.kind(), ErrorKind::kUsage);
    }
  }
  EXPECT_THROW(check_envelope(of(ContentKind::kFile, "big", std::string(kMaxFileBytes + 1, 'x'))), ClientError);
}

TEST(EnvelopeTest, GarbageFromAMemberIsAProtocolError) {
  Bytes good = mls::encode(of(ContentKind::kChat, "", "hi"));
  Bytes trailing = good;
  trailing.push_back(0);
  Bytes bad_kind = good;
  bad_kind[0] = 9;
  Bytes bad_text = mls::encode(of(ContentKind::kChat, "", "\xc0\x80"));  // overlong NUL
  for (const Bytes& b : {Bytes{}, trailing, bad_kind, bad_text}) {
    try {
      decode_envelope(b);
      ADD_FAILURE() << "decoded";
    } catch (const ClientError& err) {
      EXPECT_EQ(err.kind(), ErrorKind::kProtocol);
    }
  }
}

TEST(EnvelopeTest, Utf8CheckRefusesSurrogatesOverlongsAndTruncation) {
  auto ok = [](std::string s) { return is_clean_utf8(as_bytes(s)); };
  EXPECT_TRUE(ok("ascii €𝄞"));
  EXPECT_FALSE(ok("\xed\xa0\x80"));      // U+D800
  EXPECT_FALSE(ok("\xe0\x80\xaf"));      // overlong '/'
  EXPECT_FALSE(ok("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(ok("\xe2\x82"));          // truncated
}

}  // namespace
}  // namespace zt::client
