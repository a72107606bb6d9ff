// Building binding requests and responses and reading them back.
#include <gtest/gtest.h>

#include <array>

#include "zt/stun/builder.h"
#include "zt/stun/hmac_integrity_key.h"
#include "zt/stun/message.h"

namespace zt::stun {
namespace {

constexpr TransactionId kTid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

TEST(StunBuilder, ResponseRoundTripsAddressIntegrityAndFingerprint) {
  HmacIntegrityKey key(as_bytes("server-password"));
  Address a;
  a.ip = {127, 0, 0, 1};
  a.port = 40123;
  std::array<uint8_t, 256> buf{};
  MessageBuilder b(buf, kBindingSuccess, kTid);
  b.add_xor_mapped_address(a).add_integrity(key).add_fingerprint();
  ASSERT_TRUE(b.ok());
  auto m = parse(b.bytes());
  ASSERT_TRUE(m) << to_string(m.error());
  EXPECT_EQ(m->type, kBindingSuccess);
  EXPECT_EQ(m->transaction_id, kTid);
  ASSERT_TRUE(m->has_xor_mapped_address);
  EXPECT_EQ(m->xor_mapped_address.port, 40123);
  EXPECT_EQ(m->xor_mapped_address.ip[0], 127);
  EXPECT_EQ(m->xor_mapped_address.ip[3], 1);
  EXPECT_TRUE(m->has_fingerprint);
  EXPECT_TRUE(verify_integrity(*m, key));
  HmacIntegrityKey other(as_bytes("other"));
  EXPECT_FALSE(verify_integrity(*m, other));
}

TEST(StunBuilder, Ipv6AddressRoundTrips) {
  Address a;
  a.family = Address::Family::kIpv6;
  for (size_t i = 0; i < 16; ++i) a.ip[i] = static_cast<uint8_t>(0xF0 + i);
  a.port = 9;
  std::array<uint8_t, 128> buf{};
  MessageBuilder b(buf, kBindingSuccess, kTid);
  b.add_xor_mapped_address(a);
  auto m = parse(b.bytes());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->xor_mapped_address.family, Address::Family::kIpv6);
  EXPECT_EQ(m->xor_mapped_address.ip, a.ip);
  EXPECT_EQ(m->xor_mapped_address.port, 9);
}

TEST(StunBuilder, RequestCarriesIceAttributes) {
  HmacIntegrityKey key(as_bytes("pwd"));
  std::array<uint8_t, 256> buf{};
  MessageBuilder b(buf, kBindingRequest, kTid);
  b.add_username("sfu:client").add_priority(7).add_use_candidate().add_ice_controlling(42).add_integrity(key)
      .add_fingerprint();
  auto m = parse(b.bytes());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->username, "sfu:client");
  EXPECT_EQ(m->priority, 7u);
  EXPECT_TRUE(m->use_candidate);
  EXPECT_TRUE(m->ice_controlling);
  EXPECT_TRUE(verify_integrity(*m, key));
}

TEST(StunBuilder, AttributesAfterIntegrityAreIgnored) {
  HmacIntegrityKey key(as_bytes("pwd"));
  std::array<uint8_t, 256> buf{};
  MessageBuilder b(buf, kBindingRequest, kTid);
  b.add_username("a:b").add_integrity(key).add_username("evil:x");
  auto m = parse(b.bytes());
  ASSERT_TRUE(m);
  EXPECT_EQ(m->username, "a:b");
  EXPECT_TRUE(verify_integrity(*m, key));
}

TEST(StunBuilder, TooSmallBufferFailsWithoutOverrun) {
  std::array<uint8_t, 24> buf{};
  MessageBuilder b(buf, kBindingRequest, kTid);
  b.add_username("a-long-username");
  EXPECT_FALSE(b.ok());
  EXPECT_TRUE(b.bytes().empty());
}

}  // namespace
}  // namespace zt::stun
