// Active speaker through the router: publishers' RFC 6464 levels elect the
// dominant speaker (an Events message) and limit the audio forwarded to the
// loudest sfu.audio_last_n.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "sfu_test_packets.h"

namespace zt::sfu {
namespace {

using namespace std::chrono_literals;
using testing::ep;
using testing::Harness;
using testing::rtp_packet;

struct Meeting {
  Harness h;
  std::vector<RouterEvent> events;
  std::vector<uint32_t> ssrcs;    // publisher i's audio SSRC
  std::vector<uint32_t> tracks;   // publisher i's track id
  std::map<uint32_t, uint32_t> track_of_out_ssrc;  // the subscriber's view
  uint16_t seq = 1;

  explicit Meeting(size_t publishers) {
    h.router.set_event_sink([this](const RouterEvent& e) { events.push_back(e); });
    for (size_t i = 0; i < publishers; ++i) {
      auto c = h.join("m1", static_cast<uint16_t>(6000 + i));
      ssrcs.push_back(static_cast<uint32_t>(7000 + i));
      tracks.push_back(h.router.publish(c.transport_id, TrackKind::kAudio, {ssrcs.back()}).track_id);
    }
    auto sub = h.join("m1", 5999);
    for (const auto& st : h.router.subscribe(sub.transport_id, std::nullopt, 0)) {
      track_of_out_ssrc[st.out_ssrc] = st.track.track_id;
    }
  }

  // 20 ms of audio from every publisher at its level (nullopt: no extension);
  // returns the tracks the subscriber received.
  std::set<uint32_t> tick(const std::vector<std::optional<uint8_t>>& levels) {
    std::set<uint32_t> got;
    h.now += 20ms;
    for (size_t i = 0; i < ssrcs.size(); ++i) {
      h.feed(ep(static_cast<uint16_t>(6000 + i)),
             rtp_packet(ssrcs[i], seq, seq * 960u, as_bytes("opus"), std::nullopt, levels[i]));
      for (const auto& [to, bytes] : h.sent()) {
        if (to == ep(5999)) got.insert(track_of_out_ssrc[rtp::RtpPacketView::parse(bytes)->header().ssrc]);
      }
    }
    ++seq;
    return got;
  }

  std::vector<uint32_t> dominant_events() const {
    std::vector<uint32_t> v;
    for (const auto& e : events) {
      if (e.type == RouterEvent::Type::kDominantSpeaker) v.push_back(e.track.track_id);
    }
    return v;
  }
};

TEST(SfuActiveSpeaker, LoudestThreeAreForwardedAndTheDominantIsAnnounced) {
  Meeting m(5);
  // Levels 60, 50, 40, 30, 20 -dBov: publisher 4 loudest.
  std::vector<std::optional<uint8_t>> levels = {60, 50, 40, 30, 20};
  std::set<uint32_t> got;
  for (int i = 0; i < 100; ++i) got = m.tick(levels);  // 2 s
  EXPECT_EQ(got, (std::set<uint32_t>{m.tracks[2], m.tracks[3], m.tracks[4]}));
  EXPECT_EQ(m.dominant_events(), (std::vector<uint32_t>{m.tracks[4]}));
  EXPECT_GT(m.h.router.counters().dropped(DropReason::kNotLoudest), 0u);
  // Publisher 0 starts shouting; 4 goes quiet: 0 becomes dominant and is heard.
  levels = {5, 50, 40, 30, 127};
  for (int i = 0; i < 100; ++i) got = m.tick(levels);
  EXPECT_TRUE(got.count(m.tracks[0]));
  EXPECT_FALSE(got.count(m.tracks[4]));
  EXPECT_EQ(m.dominant_events(), (std::vector<uint32_t>{m.tracks[4], m.tracks[0]}));
}

TEST(SfuActiveSpeaker, TracksWithoutLevelsAreAlwaysForwarded) {
  Meeting m(5);
  std::vector<std::optional<uint8_t>> none(5);
  std::set<uint32_t> got;
  for (int i = 0; i < 50; ++i) got = m.tick(none);
  EXPECT_EQ(got.size(), 5u);
  EXPECT_TRUE(m.dominant_events().empty());
}

TEST(SfuActiveSpeaker, BadLevelIsCountedAndThePacketStillForwarded) {
  Meeting m(1);
  // A one-byte element of id 2 with two data bytes: a wrong length.
  Bytes p = from_hex("90600001000000000000" "1b58" "bede0001" "219e0000" "6f707573");
  auto v = rtp::RtpPacketView::parse(p);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->header().ssrc, 7000u);
  m.h.feed(ep(6000), p);
  EXPECT_EQ(m.h.router.counters().bad_audio_levels.load(), 1u);
  EXPECT_EQ(m.h.sent().size(), 1u);
}

}  // namespace
}  // namespace zt::sfu
