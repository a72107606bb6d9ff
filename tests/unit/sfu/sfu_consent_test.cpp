// Consent (RFC 7675) against reflection: a binding request with the right
// password from a forged source address (the attacker owns the transport
// and knows its password) never sends media or resends to that third
// address; the SFU only sends it a consent check no larger than the
// request, and the address gets media once the check is answered from
// there. Transports without consent are reaped after the timeout.
#include <gtest/gtest.h>

#include <array>

#include "sfu_test_packets.h"
#include "zt/rtcp/feedback.h"
#include "zt/stun/message.h"

namespace zt::sfu {
namespace {

using testing::ep;
using testing::Harness;
using testing::rtp_packet;

// What went to `dest` in the last feed.
std::vector<Bytes> sent_to(const Harness& h, const Endpoint& dest) {
  std::vector<Bytes> v;
  for (const auto& [to, bytes] : h.sent()) {
    if (to == dest) v.push_back(bytes);
  }
  return v;
}

bool is_binding_request(const Bytes& b) {
  auto m = stun::parse(b);
  return m && m->type == stun::kBindingRequest;
}

Bytes nack_for(uint32_t media_ssrc, uint16_t first, uint16_t mask) {
  rtcp::NackItem item{first, mask};
  std::array<uint8_t, 64> buf{};
  auto n = rtcp::write_nack(42, media_ssrc, std::span(&item, 1), buf);
  return Bytes(buf.begin(), buf.begin() + static_cast<long>(*n));
}

class SfuConsent : public ::testing::Test {
 protected:
  void SetUp() override {
    pub_ = h_.join("m1", 5000);
    attacker_ = h_.join("m1", 5001);
    track_ = h_.router.publish(pub_.transport_id, TrackKind::kVideo, {3000});
    out_ssrc_ = h_.router.subscribe(attacker_.transport_id, track_.track_id, 0)[0].out_ssrc;
  }

  // One key-frame packet from the publisher; returns where copies went.
  std::vector<Endpoint> publish_packet(uint16_t seq) {
    h_.feed(ep(5000), rtp_packet(3000, seq, seq * 3000u, Bytes(1000, 0x5A),
                                 testing::VideoMark{true, true, 0, 0}));
    std::vector<Endpoint> to;
    for (const auto& [dest, bytes] : h_.sent()) to.push_back(dest);
    return to;
  }

  Harness h_;
  TransportCredentials pub_;
  TransportCredentials attacker_;
  TrackInfo track_;
  uint32_t out_ssrc_ = 0;
};

TEST_F(SfuConsent, ForgedSourceBindingAndNackSendNothingButAConsentCheckToTheThirdAddress) {
  const Endpoint victim = parse_endpoint("127.0.0.1:6000");
  for (uint16_t seq = 1; seq <= 100; ++seq) publish_packet(seq);
  size_t forged_stun_bytes = 0;
  size_t bytes_to_victim = 0;
  for (uint8_t round = 0; round < 20; ++round) {
    Bytes forged =
        testing::binding_request(attacker_, attacker_.password, static_cast<uint8_t>(10 + round));
    forged_stun_bytes += forged.size();
    h_.feed(victim, forged);  // valid integrity, source address forged
    for (const Bytes& b : sent_to(h_, victim)) {
      EXPECT_TRUE(is_binding_request(b)) << "only a consent check may go to the victim";
      bytes_to_victim += b.size();
    }
    h_.feed(victim, nack_for(out_ssrc_, 1, 0xFFFF));  // forged NACK for 17 buffered packets
    EXPECT_TRUE(h_.sent().empty());
    // Media keeps going to the attacker's consented address, never the victim.
    std::vector<Endpoint> to = publish_packet(static_cast<uint16_t>(200 + round));
    ASSERT_EQ(to.size(), 1u);
    EXPECT_EQ(to[0], ep(5001));
  }
  EXPECT_LE(bytes_to_victim, forged_stun_bytes);
  EXPECT_GT(bytes_to_victim, 0u);  // the check was sent (rate-limited, so not once per request)
  EXPECT_EQ(h_.router.counters().nacks_answered.load(), 0u);
  EXPECT_EQ(h_.router.counters().refused(NackRefusal::kUnconsentedSource), 20u * 17u);
  EXPECT_EQ(h_.router.counters().dropped(DropReason::kUnconsentedSource), 20u);
  EXPECT_EQ(h_.router.stats().pending_consents, 1u);
}

TEST_F(SfuConsent, FirstBindingFromAnotherIpWaitsForConsent) {
  auto c = h_.router.create_transport("m1", "far", 9, h_.now, ep(0));  // joined from 127.0.0.1
  h_.router.subscribe(c.transport_id, track_.track_id, 0);
  const Endpoint elsewhere = parse_endpoint("127.0.0.9:7000");
  h_.feed(elsewhere, testing::binding_request(c, c.password));
  auto out = sent_to(h_, elsewhere);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(is_binding_request(out[0]));  // a check, not a binding success
  std::vector<Endpoint> to = publish_packet(1);
  EXPECT_EQ(std::count(to.begin(), to.end(), elsewhere), 0);
}

TEST_F(SfuConsent, AnsweredCheckMovesMediaToTheNewAddress) {
  const Endpoint moved = ep(5002);  // the attacker's transport, now a real client moving
  h_.feed(moved, testing::binding_request(attacker_, attacker_.password, 9));
  auto checks = sent_to(h_, moved);
  ASSERT_EQ(checks.size(), 1u);
  auto check = stun::parse(checks[0]);
  ASSERT_TRUE(check);
  EXPECT_EQ(check->username.substr(check->username.find(':') + 1), attacker_.ufrag);
  stun::HmacIntegrityKey key(as_bytes(attacker_.password));
  EXPECT_TRUE(stun::verify_integrity(*check, key));

  // An answer from elsewhere, or with another transaction id, does nothing.
  Bytes answer = testing::consent_answer(checks[0], attacker_.password);
  h_.feed(ep(5003), answer);
  stun::TransactionId wrong_id = check->transaction_id;
  wrong_id[0] ^= 1;
  h_.feed(moved, testing::consent_answer(wrong_id, attacker_.password));
  EXPECT_EQ(h_.router.counters().dropped(DropReason::kUnknownCheck), 2u);
  EXPECT_EQ(publish_packet(1), std::vector<Endpoint>{ep(5001)});

  h_.feed(moved, answer);
  EXPECT_EQ(h_.router.counters().consents_established.load(), 1u);
  EXPECT_EQ(publish_packet(2), std::vector<Endpoint>{moved});
  h_.feed(moved, testing::binding_request(attacker_, attacker_.password, 10));
  auto reply = sent_to(h_, moved);
  ASSERT_EQ(reply.size(), 1u);
  EXPECT_EQ(stun::parse(reply[0])->type, stun::kBindingSuccess);
}

TEST_F(SfuConsent, TransportsWithoutConsentAreReaped) {
  auto silent = h_.router.create_transport("m1", "silent", 7, h_.now, ep(0));  // never binds
  h_.now += std::chrono::seconds(20);
  h_.feed(ep(5000), testing::binding_request(pub_, pub_.password, 3));  // the publisher refreshes
  EXPECT_TRUE(h_.router.reap_expired(h_.now).empty());
  h_.now += std::chrono::seconds(11);
  std::vector<uint32_t> reaped = h_.router.reap_expired(h_.now);
  std::sort(reaped.begin(), reaped.end());
  EXPECT_EQ(reaped, (std::vector<uint32_t>{attacker_.transport_id, silent.transport_id}));
  EXPECT_EQ(h_.router.transport_count(), 1u);
  EXPECT_EQ(h_.router.stats().tracks, 1u);  // the publisher's track stays
}

}  // namespace
}  // namespace zt::sfu
