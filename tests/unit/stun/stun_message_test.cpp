// Parsing, FINGERPRINT and MESSAGE-INTEGRITY against the RFC 5769 sample
// request (section 2.1), and rejection of damaged messages.
#include <gtest/gtest.h>

#include "zt/stun/fingerprint.h"
#include "zt/stun/hmac_integrity_key.h"
#include "zt/stun/message.h"

namespace zt::stun {
namespace {

// RFC 5769 section 2.1: software "STUN test client", username "evtj:h6vY",
// password "VOkJxbRl1RmTxUk/WvJxBt".
Bytes rfc5769_request() {
  return from_hex(
      "000100582112a442b7e7a701bc34d686fa87dfae"
      "802200105354554e207465737420636c69656e74"
      "002400046e0001ff"
      "80290008932ff9b151263b36"
      "000600096576746a3a68367659202020"
      "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
      "80280004e57a3bcf");
}

TEST(StunMessage, ParsesRfc5769Request) {
  Bytes msg = rfc5769_request();
  auto m = parse(msg);
  ASSERT_TRUE(m) << to_string(m.error());
  EXPECT_EQ(m->type, kBindingRequest);
  EXPECT_EQ(m->username, "evtj:h6vY");
  EXPECT_EQ(m->priority, 0x6e0001ffu);
  EXPECT_TRUE(m->has_fingerprint);
  EXPECT_TRUE(m->has_integrity());
  EXPECT_FALSE(m->ice_controlling);
  EXPECT_EQ(to_hex(m->transaction_id), "b7e7a701bc34d686fa87dfae");
}

TEST(StunMessage, IntegrityVerifiesWithPasswordOnly) {
  Bytes msg = rfc5769_request();
  auto m = parse(msg);
  ASSERT_TRUE(m);
  HmacIntegrityKey right(as_bytes("VOkJxbRl1RmTxUk/WvJxBt"));
  HmacIntegrityKey wrong(as_bytes("VOkJxbRl1RmTxUk/WvJxBT"));
  EXPECT_TRUE(verify_integrity(*m, right));
  EXPECT_FALSE(verify_integrity(*m, wrong));
}

TEST(StunMessage, TamperedBodyFailsIntegrity) {
  Bytes msg = rfc5769_request();
  msg[30] ^= 1;  // inside SOFTWARE; FINGERPRINT breaks too
  EXPECT_FALSE(parse(msg));
  msg.resize(msg.size() - 8);  // drop FINGERPRINT, fix the length
  msg[3] = static_cast<uint8_t>(msg[3] - 8);
  auto m = parse(msg);
  ASSERT_TRUE(m);
  HmacIntegrityKey key(as_bytes("VOkJxbRl1RmTxUk/WvJxBt"));
  EXPECT_FALSE(verify_integrity(*m, key));
}

TEST(StunMessage, WrongFingerprintIsRefused) {
  Bytes msg = rfc5769_request();
  msg.back() ^= 0xFF;
  auto m = parse(msg);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error(), ParseError::kBadFingerprint);
}

TEST(StunMessage, EveryTruncationIsRefused) {
  Bytes msg = rfc5769_request();
  for (size_t n = 0; n < msg.size(); ++n) {
    EXPECT_FALSE(parse(BytesView(msg).first(n))) << n;
  }
}

TEST(StunMessage, TrailingBytesAreRefused) {
  Bytes msg = rfc5769_request();
  msg.push_back(0);
  EXPECT_FALSE(parse(msg));
}

TEST(StunMessage, RtpIsNotStun) {
  Bytes rtp = from_hex("80600001000000640000abcd" "0102030405060708090a0b0c");
  EXPECT_FALSE(looks_like_stun(rtp));
  EXPECT_TRUE(looks_like_stun(rfc5769_request()));
  auto m = parse(rtp);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error(), ParseError::kNotStun);
}

TEST(StunMessage, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(crc32(as_bytes("123456789")), 0xCBF43926u);
}

}  // namespace
}  // namespace zt::stun
