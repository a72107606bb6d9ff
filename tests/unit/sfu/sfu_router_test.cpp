// Router: ICE-lite binding, unbound sources, consent, forwarding by SSRC,
// meeting isolation.
#include <gtest/gtest.h>

#include "sfu_test_packets.h"
#include "zt/stun/message.h"

namespace zt::sfu {
namespace {

using testing::ep;
using testing::Harness;
using testing::rtp_packet;

TEST(SfuRouter, BindingRequestWithRightPasswordBindsAndIsAnswered) {
  Harness h;
  auto c = h.router.create_transport("m1", "d1", 0, h.now, ep(0));  // joined from 127.0.0.1
  h.feed(ep(5000), testing::binding_request(c, c.password));
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].first, ep(5000));
  auto m = stun::parse(sent[0].second);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type, stun::kBindingSuccess);
  EXPECT_EQ(m->xor_mapped_address.port, 5000);
  stun::HmacIntegrityKey key(as_bytes(c.password));
  EXPECT_TRUE(stun::verify_integrity(*m, key));
  EXPECT_EQ(h.router.counters().stun_bindings.load(), 1u);
}

TEST(SfuRouter, WrongPasswordDoesNotBind) {
  Harness h;
  auto c = h.router.create_transport("m1", "d1", 0, h.now);
  h.feed(ep(5000), testing::binding_request(c, "not-the-password-at-all"));
  EXPECT_TRUE(h.sent().empty());
  EXPECT_EQ(h.router.counters().dropped(DropReason::kBadIntegrity), 1u);
  auto pub = h.router.publish(c.transport_id, TrackKind::kAudio, {1111});
  h.feed(ep(5000), rtp_packet(1111, 1, 0, as_bytes("x")));
  EXPECT_EQ(h.router.counters().dropped(DropReason::kUnboundSource), 1u);
}

TEST(SfuRouter, UnboundSourceIsIgnored) {
  Harness h;
  auto a = h.join("m1", 5000);
  auto b = h.join("m1", 5001);
  auto track = h.router.publish(a.transport_id, TrackKind::kAudio, {1111});
  h.router.subscribe(b.transport_id, track.track_id, 0);
  // Same SSRC, but from an address nobody bound.
  h.feed(ep(6666), rtp_packet(1111, 1, 0, as_bytes("spoofed")));
  EXPECT_TRUE(h.sent().empty());
  EXPECT_EQ(h.router.counters().dropped(DropReason::kUnboundSource), 1u);
  // A bound transport sending an SSRC it does not own.
  h.feed(ep(5001), rtp_packet(1111, 1, 0, as_bytes("stolen")));
  EXPECT_TRUE(h.sent().empty());
  EXPECT_EQ(h.router.counters().dropped(DropReason::kSsrcNotOwned), 1u);
}

TEST(SfuRouter, ForwardsPayloadByteForByteWithRewrittenHeader) {
  Harness h;
  auto a = h.join("m1", 5000);
  auto b = h.join("m1", 5001);
  auto c = h.join("m1", 5002);
  auto track = h.router.publish(a.transport_id, TrackKind::kAudio, {1111});
  auto sub_b = h.router.subscribe(b.transport_id, std::nullopt, 0);
  auto sub_c = h.router.subscribe(c.transport_id, track.track_id, 0);
  ASSERT_EQ(sub_b.size(), 1u);
  Bytes payload = from_hex("deadbeef00112233445566778899aabbccddeeff");
  Bytes pkt = rtp_packet(1111, 500, 9000, payload);
  h.feed(ep(5000), pkt);
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 2u);
  for (const auto& [dest, bytes] : sent) {
    auto v = rtp::RtpPacketView::parse(bytes);
    ASSERT_TRUE(v);
    uint32_t want = dest == ep(5001) ? sub_b[0].out_ssrc : sub_c[0].out_ssrc;
    EXPECT_EQ(v->header().ssrc, want);
    EXPECT_EQ(v->header().sequence, 500);
    EXPECT_EQ(v->header().timestamp, 9000u);
    EXPECT_EQ(Bytes(v->payload().begin(), v->payload().end()), payload);
  }
  EXPECT_NE(sub_b[0].out_ssrc, sub_c[0].out_ssrc);
}

TEST(SfuRouter, SubscribeAllPicksUpLaterTracks) {
  Harness h;
  auto a = h.join("m1", 5000);
  auto b = h.join("m1", 5001);
  std::vector<RouterEvent> events;
  h.router.set_event_sink([&](const RouterEvent& e) { events.push_back(e); });
  EXPECT_TRUE(h.router.subscribe(b.transport_id, std::nullopt, 2).empty());
  h.router.publish(a.transport_id, TrackKind::kAudio, {1111});
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, RouterEvent::Type::kTrackAdded);
  EXPECT_EQ(events[1].type, RouterEvent::Type::kSubscribed);
  EXPECT_EQ(events[1].transport_id, b.transport_id);
  h.feed(ep(5000), rtp_packet(1111, 1, 0, as_bytes("hello")));
  ASSERT_EQ(h.sent().size(), 1u);
  EXPECT_EQ(rtp::RtpPacketView::parse(h.sent()[0].second)->header().ssrc, events[1].out_ssrc);
}

TEST(SfuRouter, AnotherMeetingsTrackIsPermissionDenied) {
  Harness h;
  auto a = h.join("m1", 5000);
  auto b = h.join("m2", 5001);
  auto track = h.router.publish(a.transport_id, TrackKind::kAudio, {1111});
  try {
    h.router.subscribe(b.transport_id, track.track_id, 0);
    FAIL() << "subscribed across meetings";
  } catch (const RouterError& e) {
    EXPECT_EQ(e.code(), RouterError::Code::kPermissionDenied);
  }
  EXPECT_TRUE(h.router.subscribe(b.transport_id, std::nullopt, 0).empty());
  h.feed(ep(5000), rtp_packet(1111, 1, 0, as_bytes("m1 only")));
  EXPECT_TRUE(h.sent().empty());
}

TEST(SfuRouter, ConsentExpiresAfterThirtySeconds) {
  Harness h;
  auto a = h.join("m1", 5000);
  auto b = h.join("m1", 5001);
  auto track = h.router.publish(a.transport_id, TrackKind::kAudio, {1111});
  h.router.subscribe(b.transport_id, track.track_id, 0);
  h.now += std::chrono::seconds(29);
  h.feed(ep(5001), testing::binding_request(b, b.password, 2));  // b refreshes, a does not
  h.now += std::chrono::seconds(2);
  h.feed(ep(5000), rtp_packet(1111, 1, 0, as_bytes("late")));
  EXPECT_TRUE(h.sent().empty());
  EXPECT_EQ(h.router.counters().dropped(DropReason::kConsentExpired), 1u);
  h.feed(ep(5000), testing::binding_request(a, a.password, 3));  // consent again
  h.feed(ep(5000), rtp_packet(1111, 2, 0, as_bytes("back")));
  EXPECT_EQ(h.sent().size(), 1u);
}

TEST(SfuRouter, MalformedInputIsCountedNotForwarded) {
  Harness h;
  auto a = h.join("m1", 5000);
  h.feed(ep(5000), from_hex("80"));                      // truncated RTP
  h.feed(ep(5000), from_hex("0001000021"));              // truncated STUN
  h.feed(ep(5000), from_hex("40414243"));                // not RTP/RTCP/STUN
  h.feed(ep(5000), from_hex("81c900ff00000001"));        // RTCP with a length past the end
  h.feed(ep(5000), rtp_packet(4242, 1, 0, as_bytes("?")));  // unknown SSRC
  auto& c = h.router.counters();
  EXPECT_EQ(c.dropped(DropReason::kMalformedRtp), 1u);
  EXPECT_EQ(c.dropped(DropReason::kMalformedStun), 1u);
  EXPECT_EQ(c.dropped(DropReason::kUnknownProtocol), 1u);
  EXPECT_EQ(c.dropped(DropReason::kMalformedRtcp), 1u);
  EXPECT_EQ(c.dropped(DropReason::kUnknownSsrc), 1u);
  (void)a;
}

}  // namespace
}  // namespace zt::sfu
